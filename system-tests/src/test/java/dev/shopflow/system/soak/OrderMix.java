package dev.shopflow.system.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The orders of one run, drawn from a seed: 70% ordinary, 12% with the scarce SKU, 9% out
 * of stock, 9% over the payment limit; 5% of them are sent a second time with the same
 * Idempotency-Key and body, 0.2 to 3 s after the first, often while the first is still
 * running.
 */
final class OrderMix {

	private OrderMix() {
	}

	static List<PlannedOrder> plan(String runId, int orders, SoakCatalogue catalogue, long seed) {
		Random random = new Random(seed);
		List<PlannedOrder> plan = new ArrayList<>(orders);
		for (int i = 0; i < orders; i++) {
			double draw = random.nextDouble();
			PlannedOrder.Kind kind = (draw < 0.70) ? PlannedOrder.Kind.NORMAL : (draw < 0.82) ? PlannedOrder.Kind.SCARCE
					: (draw < 0.91) ? PlannedOrder.Kind.OUT_OF_STOCK : PlannedOrder.Kind.OVER_LIMIT;
			long resend = (random.nextDouble() < 0.05) ? 200 + random.nextLong(2_800) : -1;
			String customer = "soak-" + runId + "-" + i;
			plan.add(new PlannedOrder(i, customer, customer, kind, lines(kind, catalogue, random), resend));
		}
		return plan;
	}

	private static List<PlannedOrder.Line> lines(PlannedOrder.Kind kind, SoakCatalogue catalogue, Random random) {
		List<PlannedOrder.Line> lines = new ArrayList<>();
		switch (kind) {
			case NORMAL -> {
				List<SoakCatalogue.Sku> plenty = new ArrayList<>(catalogue.plenty());
				int count = 1 + random.nextInt(plenty.size());
				for (int i = 0; i < count; i++) {
					lines.add(new PlannedOrder.Line(plenty.remove(random.nextInt(plenty.size())).sku(),
							1 + random.nextInt(3)));
				}
			}
			case SCARCE -> {
				lines.add(new PlannedOrder.Line(catalogue.byRole("scarce").sku(), 1 + random.nextInt(2)));
				lines.add(new PlannedOrder.Line(catalogue.plenty().getFirst().sku(), 1));
			}
			case OUT_OF_STOCK -> {
				lines.add(new PlannedOrder.Line(SoakCatalogue.OUT_OF_STOCK, 1));
				if (random.nextBoolean()) {
					lines.add(new PlannedOrder.Line(catalogue.plenty().getFirst().sku(), 1));
				}
			}
			// 3 x 450.00 = 1350.00, over the limit of 1000.00.
			case OVER_LIMIT -> lines.add(new PlannedOrder.Line(catalogue.byRole("expensive").sku(), 3));
		}
		return lines;
	}

}
