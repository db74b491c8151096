package dev.shopflow.inventory;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.shopflow.inventory", importOptions = DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.shopflow.inventory.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

	@ArchTest
	static final ArchRule featurePackagesDoNotUseTheWebPackage = noClasses().that()
		.resideInAnyPackage("dev.shopflow.inventory.product..", "dev.shopflow.inventory.reservation..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.inventory.web..");

	// Fault injection (common-web) exists only in the chaos profile: nothing may need
	// it, so that without the profile the service is exactly what runs in production.
	@ArchTest
	static final ArchRule nothingDependsOnChaos = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.web.chaos..");

	// Reservations build on the catalogue's stock operations, never the other way round.
	@ArchTest
	static final ArchRule catalogueDoesNotKnowReservations = noClasses().that()
		.resideInAPackage("dev.shopflow.inventory.product..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.inventory.reservation..");

	// Transactions must stay short, so they are opened explicitly and only by services,
	// where their extent is visible; repositories join the caller's transaction.
	@ArchTest
	static final ArchRule onlyServicesOpenTransactions = noClasses().that()
		.haveSimpleNameNotEndingWith("Service")
		.should()
		.dependOnClassesThat(
				assignableTo(TransactionOperations.class).or(assignableTo(PlatformTransactionManager.class))
					.or(type(Transactional.class)));

	// Kafka and RabbitMQ stay at the edge, like HTTP: services and repositories do not
	// know how the outcome of an order or a question reached them. The topology class
	// declares what the listeners consume.
	@ArchTest
	static final ArchRule onlyListenersAndTheTopologyUseMessaging = noClasses().that()
		.haveSimpleNameNotEndingWith("Listener")
		.and()
		.haveSimpleNameNotEndingWith("Topology")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.kafka..", "org.springframework.amqp..", "dev.shopflow.messaging..",
				"dev.shopflow.events..");

	@ArchTest
	static final ArchRule controllersDoNotTouchTheDatabase = noClasses().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.belongToAnyOf(JdbcClient.class);

}
