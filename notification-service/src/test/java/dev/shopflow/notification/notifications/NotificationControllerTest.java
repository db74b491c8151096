package dev.shopflow.notification.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.shopflow.web.testing.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(NotificationController.class)
class NotificationControllerTest {

	private static final UUID ORDER_ID = UUID.fromString("0b9d6a4e-6f43-4a43-9d43-8c2d1f5f6a01");

	private final MockMvcTester mvc;

	@MockitoBean
	private NotificationRepository notifications;

	NotificationControllerTest(@Autowired MockMvcTester mvc) {
		this.mvc = mvc;
	}

	@Test
	void listsTheNotificationsOfAnOrderWithTheirDelivery() {
		given(this.notifications.findByOrderId(ORDER_ID, 0, 20)).willReturn(List.of(
				new Notification(UUID.fromString("5d1c3f0e-2a7b-4c55-8f0e-3b9a1c2d4e5f"), ORDER_ID, "customer-1",
						NotificationKind.CANCELLED, "Your order was cancelled",
						"Your order was cancelled. Reason: late", NotificationStatus.DELIVERED, 2,
						Instant.parse("2025-05-01T10:15:30Z"), Instant.parse("2025-05-01T10:15:41Z")),
				new Notification(UUID.fromString("7e2d4a1f-3b8c-4d66-9a1f-4c0b2d3e5f6a"), ORDER_ID, "customer-1",
						NotificationKind.REFUNDED, "Your payment was refunded", "We refunded 9.99 EUR",
						NotificationStatus.PENDING, 0, Instant.parse("2025-05-01T10:16:00Z"), null)));

		assertThat(this.mvc.get().uri("/api/notifications?orderId={id}", ORDER_ID)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"id": "5d1c3f0e-2a7b-4c55-8f0e-3b9a1c2d4e5f",
					  "orderId": "0b9d6a4e-6f43-4a43-9d43-8c2d1f5f6a01", "customerId": "customer-1",
					  "kind": "CANCELLED", "subject": "Your order was cancelled",
					  "body": "Your order was cancelled. Reason: late", "status": "DELIVERED", "attempts": 2,
					  "createdAt": "2025-05-01T10:15:30Z", "deliveredAt": "2025-05-01T10:15:41Z"},
					 {"id": "7e2d4a1f-3b8c-4d66-9a1f-4c0b2d3e5f6a",
					  "orderId": "0b9d6a4e-6f43-4a43-9d43-8c2d1f5f6a01", "customerId": "customer-1",
					  "kind": "REFUNDED", "subject": "Your payment was refunded",
					  "body": "We refunded 9.99 EUR", "status": "PENDING", "attempts": 0,
					  "createdAt": "2025-05-01T10:16:00Z", "deliveredAt": null}]
					""");
	}

	@Test
	void answersAnEmptyListForAnOrderWithoutNotifications() {
		given(this.notifications.findByOrderId(ORDER_ID, 0, 20)).willReturn(List.of());

		assertThat(this.mvc.get().uri("/api/notifications?orderId={id}", ORDER_ID)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void readsTheRequestedPage() {
		assertThat(this.mvc.get().uri("/api/notifications?orderId={id}&page=1&size=5", ORDER_ID)).hasStatusOk();

		then(this.notifications).should().findByOrderId(ORDER_ID, 5, 5);
	}

	@Test
	void rejectsAPageLargerThanTheBoundAsProblem() {
		assertThat(this.mvc.get().uri("/api/notifications?orderId={id}&size=101", ORDER_ID))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request", "status": 400,
					 "errors": [{"field": "size", "message": "must be less than or equal to 100"}]}
					""");
		verifyNoInteractions(this.notifications);
	}

	@ParameterizedTest
	@MethodSource("dev.shopflow.web.testing.DatabaseFailures#unreachable")
	void answers503WithRetryAfterWhenTheDatabaseIsUnreachable(RuntimeException failure) throws Exception {
		given(this.notifications.findByOrderId(ORDER_ID, 0, 20)).willThrow(failure);

		DatabaseFailures.assertServiceUnavailable(
				this.mvc.get().uri("/api/notifications?orderId={id}", ORDER_ID).exchange().getResponse());
	}

	@Test
	void rejectsAMissingOrderIdAsProblem() {
		assertThat(this.mvc.get().uri("/api/notifications")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request", "status": 400,
					 "detail": "Required parameter 'orderId' is missing"}
					""");
		verifyNoInteractions(this.notifications);
	}

	@Test
	void rejectsAnEmptyOrderIdAsProblem() {
		assertThat(this.mvc.get().uri("/api/notifications?orderId=")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request", "status": 400}
					""");
		verifyNoInteractions(this.notifications);
	}

	@Test
	void rejectsAMalformedOrderIdAsProblem() {
		assertThat(this.mvc.get().uri("/api/notifications?orderId=not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "urn:shopflow:problem:invalid-request", "status": 400,
					 "detail": "Invalid value for 'orderId' (expected UUID)"}
					""");
		verifyNoInteractions(this.notifications);
	}

}
