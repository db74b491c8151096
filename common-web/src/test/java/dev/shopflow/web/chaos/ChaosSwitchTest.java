package dev.shopflow.web.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The run-time settings: what a change keeps, what it refuses, and where a reset goes.
 */
class ChaosSwitchTest {

	private static final ChaosSettings DEFAULTS = new ChaosSettings(Duration.ofMillis(1500), Duration.ZERO, 0.3, false);

	private final ChaosSwitch chaos = new ChaosSwitch(DEFAULTS);

	@Test
	void startsFromTheDefaults() {
		assertThat(this.chaos.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void changesOnlyWhatItIsGivenAndKeepsTheRest() {
		ChaosSettings now = this.chaos.update((settings) -> settings.with(null, Duration.ofMillis(200), null, true));

		assertThat(now).isEqualTo(new ChaosSettings(Duration.ofMillis(1500), Duration.ofMillis(200), 0.3, true));
		assertThat(this.chaos.current()).isEqualTo(now);
	}

	@Test
	void resetGoesBackToTheDefaults() {
		this.chaos.update((settings) -> settings.with(Duration.ZERO, null, 0.0, true));

		assertThat(this.chaos.reset()).isEqualTo(DEFAULTS);
		assertThat(this.chaos.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void refusesAnErrorRateOutsideZeroToOneAndKeepsTheSettings() {
		for (double errorRate : new double[] { -0.01, 1.01, Double.NaN }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.chaos.update((settings) -> settings.with(null, null, errorRate, null)))
				.withMessageContaining("errorRate must be between 0.0 and 1.0");
		}
		assertThat(this.chaos.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void refusesANegativeOrOverlongDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.chaos.update((settings) -> settings.with(Duration.ofMillis(-1), null, null, null)))
			.withMessage("latency must be between 0ms and 30s, was -1ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.chaos.update((settings) -> settings.with(null, Duration.ofSeconds(31), null, null)))
			.withMessage("latencyJitter must be between 0ms and 30s, was 31000ms");
		assertThat(this.chaos.current()).isEqualTo(DEFAULTS);
	}

	@Test
	void acceptsTheBoundsThemselves() {
		ChaosSettings now = this.chaos
			.update((settings) -> settings.with(Duration.ofSeconds(30), Duration.ZERO, 1.0, false));

		assertThat(now).isEqualTo(new ChaosSettings(Duration.ofSeconds(30), Duration.ZERO, 1.0, false));
	}

	@Test
	void tellsItsListenersOfEveryChangeButNotOfARepeat() {
		List<ChaosSettings> told = new ArrayList<>();
		this.chaos.onChange(told::add);

		ChaosSettings hanging = this.chaos.update((settings) -> settings.with(null, null, null, true));
		this.chaos.update((settings) -> settings.with(null, null, null, true));
		this.chaos.reset();

		assertThat(told).containsExactly(hanging, DEFAULTS);
	}

}
