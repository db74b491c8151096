package dev.shopflow.notification.notifications;

import java.nio.charset.StandardCharsets;

import dev.shopflow.messaging.UnprocessableEventException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** Writes a notification as the email its customer receives. */
@Component
class EmailComposer {

	private final JavaMailSender mailSender;

	private final NotificationProperties.EmailSettings settings;

	EmailComposer(JavaMailSender mailSender, NotificationProperties properties) {
		this.mailSender = mailSender;
		this.settings = properties.email();
	}

	/**
	 * @throws UnprocessableEventException if the notification makes no valid email (a
	 * customer id that is no address): sending it again would fail again
	 */
	MimeMessage compose(Notification notification) {
		MimeMessage email = this.mailSender.createMimeMessage();
		try {
			MimeMessageHelper helper = new MimeMessageHelper(email, StandardCharsets.UTF_8.name());
			helper.setFrom(this.settings.sender());
			helper.setTo(new InternetAddress(addressOf(notification.customerId()), true));
			helper.setSubject(notification.subject());
			helper.setText(notification.body());
			// One Message-ID per notification, whichever attempt sends it: a mail system
			// that deduplicates by it drops the copy that a lost SMTP reply can cause.
			email.setHeader("Message-ID", "<%s@%s>".formatted(notification.id(), this.settings.senderDomain()));
			return email;
		}
		catch (MessagingException ex) {
			throw new UnprocessableEventException(
					"Notification %s makes no valid email: %s".formatted(notification.id(), ex.getMessage()));
		}
	}

	/**
	 * The customer's address. There is no customer service that knows it, so it is made
	 * up, the same for every email: the customer id at the configured domain.
	 */
	String addressOf(String customerId) {
		return customerId + "@" + this.settings.customerDomain();
	}

}
