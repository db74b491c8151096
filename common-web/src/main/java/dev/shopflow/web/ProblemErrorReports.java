package dev.shopflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} in place of every other error report valve of the
 * host: Tomcat's default one and the one Boot adds to hide the server's details. Ordered
 * last, so that its context customizer runs after Boot's and finds that valve to remove;
 * naming its class as the host's error report valve keeps Tomcat from adding its default
 * one on start.
 */
class ProblemErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ObjectMapper objectMapper;

	ProblemErrorReports(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Pipeline pipeline = context.getParent().getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ProblemErrorReportValve(this.objectMapper));
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
