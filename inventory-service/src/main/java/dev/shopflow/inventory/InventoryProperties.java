package dev.shopflow.inventory;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the inventory service (prefix {@code shopflow.inventory}); the defaults
 * live in {@code application.yml}.
 *
 * @param maxLinesPerReservation upper bound for the lines of one reservation and for the
 * {@code sku} filters of one product query; bounds the number of rows a single request
 * can lock
 * @param maxRequestBytes largest JSON request body accepted (larger bodies get 413), so
 * that a client cannot make the service buffer and parse arbitrarily large documents
 * @param reservationTtl how long a reservation may stay {@code RESERVED} before it
 * expires and its stock goes back to available. A safety net for orders that are never
 * confirmed nor cancelled: it must exceed order-service's saga deadlines, so that an
 * order is cancelled before its stock expires
 * @param expiryCheckInterval how often each instance looks for expired reservations; a
 * reservation expires at most this long after its TTL
 */
@ConfigurationProperties("shopflow.inventory")
@Validated
public record InventoryProperties(@Min(1) @Max(100) int maxLinesPerReservation, @Min(1024) int maxRequestBytes,
		@NotNull @DurationMin(minutes = 1) Duration reservationTtl,
		@NotNull @DurationMin(seconds = 1) Duration expiryCheckInterval) {

}
