package dev.shopflow.order;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages and who may use whom. The domain knows nothing of HTTP, messaging
 * or other services; the clients (and quotes, built on them) know nothing of orders; only
 * placement combines them. RabbitMQ is spoken by the messaging package (topology) and the
 * inventory client (request-reply) only.
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
				"..order.downstream..", "..order.messaging..", "..order.quote..", "org.springframework.web..",
				"org.springframework.kafka..", "org.springframework.amqp..", "io.github.resilience4j..");

	@ArchTest
	static final ArchRule clientsKnowNothingOfOrders = noClasses().that()
		.resideInAnyPackage("..order.inventory..", "..order.payment..", "..order.downstream..", "..order.quote..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..order.domain..", "..order.api..", "..order.placement..", "..order.messaging..");

	@ArchTest
	static final ArchRule onlyMessagingAndTheInventoryClientSpeakAmqp = noClasses().that()
		.resideOutsideOfPackages("..order.messaging..", "..order.inventory..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.amqp..", "com.rabbitmq..");

	@ArchTest
	static final ArchRule onlyMessagingDeclaresRabbitTopology = methods().that()
		.haveRawReturnType(assignableTo(Declarables.class).or(assignableTo(Declarable.class)))
		.should()
		.beDeclaredInClassesThat()
		.resideInAPackage("..order.messaging..");

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
