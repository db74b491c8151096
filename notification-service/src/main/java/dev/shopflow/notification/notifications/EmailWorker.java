package dev.shopflow.notification.notifications;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.shopflow.events.WorkQueues;
import dev.shopflow.messaging.DependencyWaits;
import dev.shopflow.messaging.FailureKind;
import dev.shopflow.messaging.UnprocessableEventException;
import dev.shopflow.messaging.rabbit.RetryTierRecoverer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Sends the emails of {@link DeliverEmail} tasks over SMTP, a batch of tasks at a time.
 *
 * <p>
 * Why batches: an email is small, and what costs is the work around it. One by one, every
 * email would open its own SMTP connection (greeting, EHLO, QUIT) and its own database
 * transaction and acknowledgement. A batch shares one SMTP connection (the
 * {@link JavaMailSender#send(MimeMessage...)} of a whole batch), one transaction and one
 * acknowledgement among up to {@code shopflow.notification.email.batch-size} tasks.
 *
 * <p>
 * Each task is still settled on its own:
 * <ul>
 * <li>A task whose notification is delivered already sends nothing: the notification's
 * row is locked from before the send until its {@code DELIVERED} commits, so a repeat of
 * the task, even one taken by another consumer at the same moment, finds it delivered. A
 * task repeated inside one batch is sent once.</li>
 * <li>A task the SMTP server did not take goes to its next retry tier through the shared
 * {@link RetryTierRecoverer}, alone; the rest of its batch is delivered. While the SMTP
 * server cannot be reached, the task keeps retrying through the last tier; a failure that
 * waiting may not fix is parked after the last tier, and the notification is marked
 * {@code PARKED}.</li>
 * <li>A task that cannot be read, or names no notification, is parked at once.</li>
 * <li>When the batch fails as a whole (the database is down), each of its tasks goes to
 * its next retry tier, and keeps retrying until the database is back.</li>
 * </ul>
 * Measured with {@code EmailDeliveryBenchmark} on two cores: one task at a time (batch
 * size 1) four consumers drain a backlog at about 75 emails/s; in batches of 25, at about
 * 550 emails/s (350 while other builds share the cores). The retry tiers are reached only
 * after the transaction commits, so a delivery they see as failed is never one the
 * database records as sent.
 *
 * <p>
 * An email is sent before its {@code DELIVERED} commits. Should the database go away in
 * between, the worker keeps the batch and retries the record, not the send, until the
 * database is back (at most {@link #RECORD_PATIENCE}). Only a crash of the worker in that
 * window, or a longer outage, sends an email twice: the price of at-least-once delivery
 * to a system (SMTP) outside the transaction. Every email carries the notification's id
 * as its {@code Message-ID}, so a mail client can tell the copy.
 */
@Component
class EmailWorker {

	private static final Logger log = LoggerFactory.getLogger(EmailWorker.class);

	/**
	 * How long the worker holds a batch whose emails went out but whose record failed,
	 * waiting for the database: longer than any outage the game days and the chaos soak
	 * rehearse (60 s), short enough that a stuck worker shows.
	 */
	static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

	private static final Duration RECORD_FIRST_DELAY = Duration.ofMillis(200);

	private static final Duration RECORD_MAX_DELAY = Duration.ofSeconds(5);

	private final NotificationRepository notifications;

	private final EmailComposer composer;

	private final JavaMailSender mailSender;

	private final TransactionOperations transactions;

	private final RetryTierRecoverer recoverer;

	private final ObjectReader reader;

	private final DependencyWaits waits;

	private final Counter sent;

	private final Counter failed;

	private final Counter repeated;

	EmailWorker(NotificationRepository notifications, EmailComposer composer, JavaMailSender mailSender,
			TransactionOperations transactions, RetryTierRecoverer recoverer, DependencyWaits waits,
			ObjectMapper objectMapper, MeterRegistry meters) {
		this.notifications = notifications;
		this.composer = composer;
		this.mailSender = mailSender;
		this.transactions = transactions;
		this.recoverer = recoverer;
		this.reader = objectMapper.readerFor(DeliverEmail.class);
		this.waits = waits;
		this.sent = emails("sent", "Emails the SMTP server took", meters);
		this.failed = emails("failed", "Emails the SMTP server did not take; their tasks are retried or parked",
				meters);
		this.repeated = emails("repeated", "Email tasks of notifications delivered already; nothing was sent", meters);
	}

	@RabbitListener(queues = WorkQueues.EMAIL_QUEUE, containerFactory = NotificationTopology.EMAIL_BATCHES)
	void deliver(List<Message> batch) {
		List<Task> tasks = new ArrayList<>(batch.size());
		List<Failure> failures = new ArrayList<>();
		for (Message message : batch) {
			try {
				tasks.add(new Task(message, read(message).notificationId(), RetryTierRecoverer.attemptOf(message)));
			}
			catch (MessageConversionException | UnprocessableEventException ex) {
				failures.add(new Failure(message, ex));
			}
		}
		if (!tasks.isEmpty()) {
			failures.addAll(sendDueOrFailAll(tasks));
		}
		for (Failure failure : failures) {
			this.recoverer.recover(failure.message(), failure.cause());
		}
		if (failures.stream().noneMatch((failure) -> FailureKind.of(failure.cause()) == FailureKind.TRANSIENT)) {
			this.waits.resumed(WorkQueues.EMAIL_QUEUE);
		}
	}

	private List<Failure> sendDueOrFailAll(List<Task> tasks) {
		Map<Integer, List<UUID>> sent = new TreeMap<>();
		try {
			List<Failure> failures = this.transactions.execute((status) -> sendDue(tasks, sent));
			return (failures != null) ? failures : List.of();
		}
		catch (RuntimeException ex) {
			// Nothing of the batch was recorded (the database failed, most likely), so
			// every task goes to its retry tier rather than the whole batch to the
			// parking lot, as a listener that throws would have it. All but those whose
			// email went out already, if that can still be recorded.
			log.warn("A batch of {} email tasks failed as a whole: {}", tasks.size(), ex.toString());
			Set<UUID> recorded = (!sent.isEmpty() && recordSent(sent, ex)) ? ids(sent) : Set.of();
			return tasks.stream()
				.filter((task) -> !recorded.contains(task.notificationId()))
				.map((task) -> task.failed(ex))
				.toList();
		}
	}

	/**
	 * Records the emails that went out in a batch whose transaction then failed: the
	 * database went away between the send and the commit. Another attempt at their tasks
	 * would email the customers a second time, so the worker holds on to what it knows
	 * and retries the record, not the send, with a capped backoff while the failure is
	 * transient, for at most {@link #RECORD_PATIENCE}. Only if it gives up (or the
	 * process dies meanwhile) do the tasks run again and may send twice.
	 * @return whether the record committed
	 */
	private boolean recordSent(Map<Integer, List<UUID>> sent, RuntimeException cause) {
		long giveUpAt = System.nanoTime() + RECORD_PATIENCE.toNanos();
		long delayMillis = RECORD_FIRST_DELAY.toMillis();
		RuntimeException failure = cause;
		while (FailureKind.of(failure) == FailureKind.TRANSIENT && System.nanoTime() < giveUpAt) {
			this.waits.retrying(WorkQueues.EMAIL_QUEUE, failure);
			try {
				Thread.sleep(delayMillis);
				this.transactions.executeWithoutResult(
						(status) -> sent.forEach((attempt, ids) -> this.notifications.markDelivered(ids, attempt)));
				log.info("Recorded {} emails sent before the database failed", ids(sent).size());
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				failure = ex;
				delayMillis = Math.min(delayMillis * 2, RECORD_MAX_DELAY.toMillis());
			}
		}
		log.error("Could not record {} emails that were sent ({}); their tasks are retried and may send them again",
				ids(sent).size(), failure.toString());
		return false;
	}

	private static Set<UUID> ids(Map<Integer, List<UUID>> byAttempt) {
		return byAttempt.values().stream().flatMap(List::stream).collect(Collectors.toSet());
	}

	/**
	 * Sends what is due, records what was sent, and returns the tasks that failed. What
	 * the SMTP server took is also put in {@code sent}, by attempt, before it is
	 * recorded.
	 */
	private List<Failure> sendDue(List<Task> tasks, Map<Integer, List<UUID>> sent) {
		Map<UUID, Notification> found = this.notifications
			.lockForDelivery(tasks.stream().map(Task::notificationId).collect(Collectors.toSet()));
		List<Failure> failures = new ArrayList<>();
		Map<MimeMessage, Task> emails = new LinkedHashMap<>();
		Set<UUID> due = new HashSet<>();
		for (Task task : tasks) {
			Notification notification = found.get(task.notificationId());
			if (notification == null) {
				failures
					.add(task.failed(new UnprocessableEventException("%s names notification %s, which does not exist"
						.formatted(DeliverEmail.TYPE, task.notificationId()))));
			}
			else if (notification.status() == NotificationStatus.DELIVERED || !due.add(notification.id())) {
				log.info("Notification {} is delivered already; {} {} is a repeat and sends nothing", notification.id(),
						DeliverEmail.TYPE, task.message().getMessageProperties().getMessageId());
				this.repeated.increment();
			}
			else {
				try {
					emails.put(this.composer.compose(notification), task);
				}
				catch (UnprocessableEventException ex) {
					failures.add(task.failed(ex));
				}
			}
		}
		Map<Object, Exception> notTaken = send(emails.keySet());
		Map<Integer, List<UUID>> givenUp = new TreeMap<>();
		emails.forEach((email, task) -> {
			Exception failure = notTaken.get(email);
			if (failure == null) {
				sent.computeIfAbsent(task.attempt(), (attempt) -> new ArrayList<>()).add(task.notificationId());
				return;
			}
			Failure notSent = task.failed(new MailSendException(
					"The email of notification %s was not sent".formatted(task.notificationId()), failure));
			failures.add(notSent);
			// Recorded with the rest of the batch, before the recoverer parks it.
			if (this.recoverer.parks(notSent.message(), notSent.cause())) {
				givenUp.computeIfAbsent(task.attempt(), (attempt) -> new ArrayList<>()).add(task.notificationId());
			}
		});
		sent.forEach((attempt, ids) -> this.notifications.markDelivered(ids, attempt));
		givenUp.forEach((attempt, ids) -> this.notifications.markParked(ids, attempt));
		this.sent.increment(emails.size() - notTaken.size());
		this.failed.increment(notTaken.size());
		return failures;
	}

	/**
	 * Sends the emails over one connection (the sender reconnects should it drop).
	 * @return the emails the SMTP server did not take, with why
	 */
	private Map<Object, Exception> send(Collection<MimeMessage> emails) {
		if (emails.isEmpty()) {
			return Map.of();
		}
		try {
			this.mailSender.send(emails.toArray(MimeMessage[]::new));
			return Map.of();
		}
		catch (MailSendException ex) {
			// Lists each email that failed; one that is not listed was taken. Listing
			// none means all were taken and only closing the connection failed.
			return ex.getFailedMessages();
		}
		catch (MailException ex) {
			// Failed before any email went out, e.g. the server refused to log in.
			Map<Object, Exception> all = new LinkedHashMap<>();
			emails.forEach((email) -> all.put(email, ex));
			return all;
		}
	}

	private DeliverEmail read(Message message) {
		DeliverEmail task;
		try {
			task = this.reader.readValue(message.getBody());
		}
		catch (IOException ex) {
			throw new MessageConversionException("Cannot read a %s".formatted(DeliverEmail.TYPE), ex);
		}
		if (task == null || task.notificationId() == null) {
			throw new UnprocessableEventException("%s %s names no notification".formatted(DeliverEmail.TYPE,
					message.getMessageProperties().getMessageId()));
		}
		return task;
	}

	private static Counter emails(String outcome, String description, MeterRegistry meters) {
		return Counter.builder("shopflow.notification.emails")
			.description(description)
			.tag("outcome", outcome)
			.register(meters);
	}

	/** A task of the batch; {@code attempt} is 1 for its first delivery. */
	private record Task(Message message, UUID notificationId, int attempt) {

		Failure failed(Exception cause) {
			return new Failure(this.message, cause);
		}

	}

	private record Failure(Message message, Exception cause) {

	}

}
