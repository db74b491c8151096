package dev.shopflow.system.soak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The SMTP sink's inboxes (GreenMail's API): the emails each customer really received,
 * which is what "exactly one email per notification" is about.
 */
final class MailSink {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http;

	MailSink(HttpClient http) {
		this.http = http;
	}

	static String addressOf(String customerId) {
		return customerId + "@" + SoakNames.CUSTOMER_DOMAIN;
	}

	/**
	 * The subjects of the emails in each customer's inbox; a customer who never got one
	 * has none (GreenMail knows only addresses that received mail).
	 */
	Map<String, List<String>> subjectsByCustomer(Collection<String> customers) throws IOException {
		Map<String, List<String>> subjects = new ConcurrentHashMap<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<?>> reads = new ArrayList<>();
			for (String customer : customers) {
				reads.add(pool.submit(() -> {
					subjects.put(customer, inbox(customer));
					return null;
				}));
			}
			for (Future<?> read : reads) {
				read.get();
			}
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("Could not read the SMTP sink", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return subjects;
	}

	private List<String> inbox(String customer) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create(SoakNames.MAIL_API + "/user/"
					+ URLEncoder.encode(addressOf(customer), StandardCharsets.UTF_8) + "/messages/INBOX"))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 404 || response.statusCode() == 400) {
			return List.of();
		}
		if (response.statusCode() != 200) {
			throw new IOException("Inbox of " + customer + ": " + response.statusCode() + " " + response.body());
		}
		List<String> subjects = new ArrayList<>();
		for (JsonNode message : json.readTree(response.body())) {
			subjects.add(message.path("subject").asText("?"));
		}
		return subjects;
	}

}
