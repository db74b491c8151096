package dev.shopflow.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the shared messaging mechanisms ({@code shopflow.messaging.*}).
 *
 * @param outbox the transactional outbox and its relay
 * @param retry how a Kafka consumer retries a record that failed
 * @param rabbit retry tiers and publishing of RabbitMQ work queues
 * @param replicationFactor replicas of every topic; 1 suits the single local broker,
 * production wants 3
 * @param inboxRetention how long an inbox remembers a processed event; longer than the
 * topics' retention, so a replay of the whole log is still deduplicated
 */
@ConfigurationProperties("shopflow.messaging")
@Validated
public record MessagingProperties(@Valid @DefaultValue Outbox outbox, @Valid @DefaultValue Retry retry,
		@Valid @DefaultValue Rabbit rabbit, @Min(1) @DefaultValue("1") short replicationFactor,
		@NotNull @DurationMin(days = 31) @DefaultValue("35d") Duration inboxRetention) {

	/**
	 * @param retryTiers the delays of the retry queues, in order; a message that failed
	 * because a dependency is away goes through the last one again and again (until
	 * {@code maxRetryAge}), one whose failure is not known to pass is parked after the
	 * last one
	 * @param deliveryLimit deliveries of one message after which the broker itself parks
	 * it (a message that kills its consumer never reaches the retry tiers)
	 * @param confirmTimeout how long a publish waits for the broker's confirm
	 * @param maxRetryAge how long after its first failure a message that keeps failing
	 * transiently is still retried (through the last tier, again and again) before it is
	 * parked; a day outlasts any outage someone is working on, and a message parked after
	 * it is still recent enough to be worth a person's look
	 */
	public record Rabbit(@NotEmpty @DefaultValue( {
			"1s", "10s", "60s" }) List<Duration> retryTiers, @Min(1) @DefaultValue("5") int deliveryLimit,
			@NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration confirmTimeout,
			@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration maxRetryAge){

	}

	/**
	 * @param enabled whether this service publishes events (and has an outbox table)
	 * @param pollInterval how long the relay waits for a commit before looking anyway
	 * (rows another instance committed, rows a failure left); commits in this instance
	 * wake it at once, so this is the cost of an idle relay, not the delay of an event
	 * @param batchSize rows published per relay transaction
	 * @param sendTimeout how long one batch may wait for Kafka before it counts as failed
	 * @param minBackoff first pause of the relay after a failed send, doubled on each
	 * failure in a row
	 * @param maxBackoff longest pause of the relay while Kafka keeps failing
	 * @param retention how long a published row is kept for inspection before it is
	 * deleted
	 */
	public record Outbox(@DefaultValue("false") boolean enabled,
			@NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) @DefaultValue("2s") Duration pollInterval,
			@Min(1) @Max(1000) @DefaultValue("200") int batchSize,
			@NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration sendTimeout,
			@NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration minBackoff,
			@NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration maxBackoff,
			@NotNull @DefaultValue("7d") Duration retention) {

	}

	/**
	 * How a Kafka listener retries a record, by the {@link FailureKind} of its failure.
	 * The record's partition is paused while it waits, so no wait, however long, counts
	 * against {@code max.poll.interval.ms}.
	 *
	 * @param initialInterval wait before the first retry
	 * @param multiplier growth of the wait per retry
	 * @param maxInterval longest single wait before a retry of an unknown failure
	 * @param maxRetries retries of an unknown failure (a bug, most likely) before the
	 * record goes to the dead-letter topic
	 * @param transientMaxInterval longest single wait while a dependency is away; a
	 * transient failure is retried until it is back, never dead-lettered
	 */
	public record Retry(@NotNull @DefaultValue("200ms") Duration initialInterval,
			@DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
			@NotNull @DefaultValue("2s") Duration maxInterval, @Min(0) @Max(10) @DefaultValue("3") int maxRetries,
			@NotNull @DurationMin(millis = 100) @DurationMax(
					minutes = 5) @DefaultValue("10s") Duration transientMaxInterval) {

	}

}
