package dev.shopflow.notification.notifications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notification service (prefix {@code shopflow.notification}); the
 * defaults live in {@code application.yml}.
 *
 * @param email how notifications go out by email
 */
@ConfigurationProperties("shopflow.notification")
@Validated
record NotificationProperties(@Valid @NotNull EmailSettings email) {

	/**
	 * @param sender the {@code From} address of every email, and the domain of its
	 * {@code Message-ID}
	 * @param customerDomain the mail domain of the customers' addresses: there is no
	 * customer service to ask for a real address, so a customer's address is their id at
	 * this domain
	 * @param batchSize email tasks a consumer takes from the queue at once and sends over
	 * one SMTP connection
	 */
	record EmailSettings(@NotBlank @Email String sender,
			@NotBlank @Pattern(regexp = "[a-z0-9-]+(\\.[a-z0-9-]+)+") String customerDomain,
			@Min(1) @Max(100) int batchSize) {

		String senderDomain() {
			return this.sender.substring(this.sender.indexOf('@') + 1);
		}

	}

}
