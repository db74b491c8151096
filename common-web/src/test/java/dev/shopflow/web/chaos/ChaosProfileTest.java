package dev.shopflow.web.chaos;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos beans exist with the {@code chaos} profile and only with it.
 */
class ChaosProfileTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ObjectMapper.class, ObjectMapper::new);

	@Test
	void noChaosBeanExistsWithoutTheProfile() {
		this.runner.withPropertyValues("shopflow.chaos.error-rate=1.0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ChaosFilter.class);
			assertThat(context).doesNotHaveBean(ChaosProperties.class);
			assertThat(context).doesNotHaveBean(ChaosSwitch.class);
			assertThat(context).doesNotHaveBean(ChaosEndpoint.class);
		});
	}

	@Test
	void theProfileRegistersTheFilterWithItsBoundProperties() {
		this.runner
			.withPropertyValues("spring.profiles.active=chaos", "shopflow.chaos.latency=250ms",
					"shopflow.chaos.error-rate=0.25")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChaosFilter.class);
				assertThat(context.getBean(ChaosProperties.class)).isEqualTo(new ChaosProperties(Duration.ofMillis(250),
						Duration.ZERO, 0.25, false, Duration.ofSeconds(60), null));
			});
	}

	@Test
	void theProfileRegistersTheEndpointOnASwitchThatStartsFromTheProperties() {
		this.runner
			.withPropertyValues("spring.profiles.active=chaos", "shopflow.chaos.latency=250ms",
					"shopflow.chaos.error-rate=0.25", "shopflow.chaos.hang=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChaosEndpoint.class);
				assertThat(context.getBean(ChaosSwitch.class).current())
					.isEqualTo(new ChaosSettings(Duration.ofMillis(250), Duration.ZERO, 0.25, true));
				assertThat(context.getBean(ChaosEndpoint.class).current())
					.isEqualTo(new ChaosEndpoint.Current("250ms", "0ms", 0.25, true));
			});
	}

	@Test
	void refusesAHangLimitUnderASecond() {
		this.runner.withPropertyValues("spring.profiles.active=chaos", "shopflow.chaos.hang-limit=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("shopflow.chaos.hangLimit"));
	}

	@Test
	void refusesAnErrorRateAboveOne() {
		this.runner.withPropertyValues("spring.profiles.active=chaos", "shopflow.chaos.error-rate=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("shopflow.chaos.errorRate"));
	}

	@Test
	void refusesANegativeLatency() {
		this.runner.withPropertyValues("spring.profiles.active=chaos", "shopflow.chaos.latency=-1ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("shopflow.chaos.latency"));
	}

}
