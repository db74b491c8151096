package dev.shopflow.system.compose;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One compose stack for every test class that needs it: built and started by the first
 * such class, taken down ({@code down -v}) when the whole test run ends, so CI builds and
 * starts it once. It lives in the root store, whose resources JUnit closes last.
 * Parameters of type {@link RunningStack} get it.
 * <p>
 * The classes that share it must leave it as they found it: every service healthy and no
 * fault injected. Each step below that breaks something repairs it before it ends.
 */
public final class ComposeStackExtension implements BeforeAllCallback, ParameterResolver {

	/** Class order of the walkthrough, after every test that does not use the stack. */
	public static final int WALKTHROUGH_ORDER = Order.DEFAULT + 1;

	/** Class order of the chaos soak: after the walkthrough, which fails faster. */
	public static final int SOAK_ORDER = Order.DEFAULT + 2;

	private static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "rabbitmq", "smtp", "prometheus");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ComposeStackExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		running(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == RunningStack.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
			throws ParameterResolutionException {
		return running(context);
	}

	private static RunningStack running(ExtensionContext context) {
		Started started = context.getRoot()
			.getStore(NAMESPACE)
			.getOrComputeIfAbsent(Started.class, (key) -> Started.start(ComposeStack.e2e()), Started.class);
		return started.orThrow();
	}

	/**
	 * The stack, up and healthy.
	 *
	 * @param stack its compose project
	 * @param chaos whether faults can be injected into payment and inventory at run time
	 */
	public record RunningStack(ComposeStack stack, ChaosProfile.Mode chaos) {

	}

	/**
	 * The outcome of starting, kept so that a stack that failed to start fails every
	 * class that needs it at once, instead of being built again for each.
	 */
	private record Started(RunningStack running, RuntimeException failure,
			ComposeStack stack) implements ExtensionContext.Store.CloseableResource {

		static Started start(ComposeStack stack) {
			try {
				stack.compose("build");
				long start = System.nanoTime();
				List<String> services = ComposeStack.SERVICES;
				String[] up = new String[services.size() + 2];
				up[0] = "up";
				up[1] = "-d";
				for (int i = 0; i < services.size(); i++) {
					up[i + 2] = services.get(i);
				}
				try {
					stack.compose(up);
				}
				catch (IllegalStateException ex) {
					// compose 1.29 gives up on a dependency whose health check has not
					// passed in time (GreenMail on a busy machine), though it may still.
					System.out.println("\n`docker compose up` failed, once more when the infrastructure is healthy: "
							+ ex.getMessage().lines().filter((l) -> l.startsWith("ERROR")).toList());
					stack.awaitHealthy(INFRASTRUCTURE, Duration.ofMinutes(5));
					stack.compose(up);
				}
				stack.awaitHealthy(ComposeStack.LONG_RUNNING, Duration.ofMinutes(5));
				System.out.printf("%nTime from `docker compose up -d` to all healthy (images built): %.1f s%n",
						(System.nanoTime() - start) / 1e9);
				return new Started(new RunningStack(stack, ChaosProfile.calm(stack)), null, stack);
			}
			catch (RuntimeException ex) {
				return new Started(null, ex, stack);
			}
		}

		RunningStack orThrow() {
			if (this.failure != null) {
				throw new IllegalStateException("The compose stack did not start", this.failure);
			}
			return this.running;
		}

		@Override
		public void close() {
			try {
				System.out.println("\nResident memory per container:");
				System.out.println(this.stack.docker("stats", "--no-stream", "--format", "{{.Name}}\t{{.MemUsage}}"));
			}
			finally {
				this.stack.compose("down", "-v");
			}
		}

	}

}
