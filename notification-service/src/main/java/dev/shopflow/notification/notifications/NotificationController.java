package dev.shopflow.notification.notifications;

import java.util.List;
import java.util.UUID;

import dev.shopflow.web.Paging;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	/**
	 * The notifications of an order, oldest first. An order has a handful at most, so the
	 * first page is all of them; paged all the same, as every list, so that no request
	 * reads an unbounded number of rows.
	 */
	@GetMapping
	List<Notification> forOrder(@RequestParam UUID orderId, @Valid Paging paging) {
		return this.notifications.findByOrderId(orderId, paging.offset(), paging.size());
	}

}
