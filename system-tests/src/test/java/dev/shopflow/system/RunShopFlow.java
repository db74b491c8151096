package dev.shopflow.system;

import java.util.List;

/**
 * Runs the whole system by hand, with events flowing between the services: the same
 * containers and jars as the system tests, on the documented ports 8080-8083. Ctrl-C
 * stops the services and their containers.
 *
 * <pre>
 * ./mvnw -B install -DskipTests &amp;&amp; ./mvnw -B -pl system-tests exec:java
 * </pre>
 */
public final class RunShopFlow {

	private RunShopFlow() {
	}

	public static void main(String[] args) throws InterruptedException {
		System.setProperty("shopflow.documented-ports", "true");
		ShopFlow.start();
		System.out.println();
		for (ServiceProcess service : List.of(ShopFlow.order, ShopFlow.payment, ShopFlow.inventory,
				ShopFlow.notification)) {
			System.out.printf("%-22s %s   (log: system-tests/target/system-tests/%s.log)%n", service.name(),
					service.baseUrl(), service.name());
		}
		System.out.println("\nShopFlow is up. Ctrl-C stops it.");
		Thread.currentThread().join();
	}

}
