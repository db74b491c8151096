package dev.shopflow.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real SMTP server as the sink of the emails: GreenMail, read back through its REST
 * API. Every address is a mailbox of its own (authentication is off, so a mailbox appears
 * with its first email).
 */
public class GreenMailContainer extends GenericContainer<GreenMailContainer> {

	private static final int SMTP = 3025;

	private static final int API = 8080;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json = new ObjectMapper();

	public GreenMailContainer() {
		super(DockerImageName.parse("greenmail/standalone:2.1.8"));
		withExposedPorts(SMTP, API);
		// The image's own options add -Dgreenmail.verbose, which logs every SMTP line:
		// about 190 ms per email and connection (5 emails/s), so the server, not the
		// service under test, would be the bottleneck.
		withEnv("GREENMAIL_OPTS", "-Dgreenmail.setup.test.all -Dgreenmail.hostname=0.0.0.0 -Dgreenmail.auth.disabled");
		waitingFor(Wait.forHttp("/api/service/readiness").forPort(API));
	}

	public int smtpPort() {
		return getMappedPort(SMTP);
	}

	/** The emails in one mailbox, oldest first; none for an address never written to. */
	public List<Email> emailsTo(String address) {
		HttpResponse<String> response = get(
				"/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX");
		if (response.statusCode() != 200) {
			// Answered for an address without a mailbox yet.
			return List.of();
		}
		try {
			List<Email> emails = new ArrayList<>();
			for (JsonNode email : this.json.readTree(response.body())) {
				emails.add(new Email(email.path("Message-ID").asText(), email.path("subject").asText(),
						email.path("mimeMessage").asText()));
			}
			return emails;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Freezes the server: connections are still accepted (by the kernel), but nothing
	 * answers, as with a server that hangs.
	 */
	public void pause() {
		DockerClientFactory.instance().client().pauseContainerCmd(getContainerId()).exec();
	}

	public void unpause() {
		DockerClientFactory.instance().client().unpauseContainerCmd(getContainerId()).exec();
	}

	private HttpResponse<String> get(String path) {
		URI uri = URI.create("http://" + getHost() + ":" + getMappedPort(API) + path);
		try {
			return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An email as received, headers and body in {@code mime}. */
	public record Email(String messageId, String subject, String mime) {

	}

}
