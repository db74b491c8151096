package dev.shopflow.order;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages and who may use whom. The domain knows nothing of HTTP or of other
 * services; the clients know nothing of orders; only placement combines them.
 */
@AnalyzeClasses(packages = "dev.shopflow.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.shopflow.order.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule domainDependsOnNoOtherFeature = noClasses().that()
		.resideInAPackage("..order.domain..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..order.api..", "..order.placement..", "..order.inventory..", "..order.payment..",
				"..order.downstream..", "..order.messaging..", "org.springframework.web..",
				"org.springframework.kafka..", "io.github.resilience4j..");

	@ArchTest
	static final ArchRule clientsKnowNothingOfOrders = noClasses().that()
		.resideInAnyPackage("..order.inventory..", "..order.payment..", "..order.downstream..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..order.domain..", "..order.api..", "..order.placement..");

	@ArchTest
	static final ArchRule onlyDownstreamTouchesResilience4jDecorators = noClasses().that()
		.resideOutsideOfPackage("..order.downstream..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.resilience4j..");

	@ArchTest
	static final ArchRule onlyTheApiSpeaksHttp = classes().that()
		.areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
		.or()
		.areAnnotatedWith(org.springframework.web.bind.annotation.RestControllerAdvice.class)
		.should()
		.resideInAPackage("..order.api..")
		.andShould()
		.notBePublic();

	@ArchTest
	static final ArchRule onlyMessagingListensToKafka = methods().that()
		.areAnnotatedWith(org.springframework.kafka.annotation.KafkaListener.class)
		.should()
		.beDeclaredInClassesThat()
		.resideInAPackage("..order.messaging..")
		.andShould()
		.notBePublic();

	@ArchTest
	static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

}
