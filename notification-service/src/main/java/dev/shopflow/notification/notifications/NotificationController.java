package dev.shopflow.notification.notifications;

import java.util.List;
import java.util.UUID;

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

	/** An order has a handful of notifications at most, so the list needs no paging. */
	@GetMapping
	List<Notification> forOrder(@RequestParam UUID orderId) {
		return this.notifications.findByOrderId(orderId);
	}

}
