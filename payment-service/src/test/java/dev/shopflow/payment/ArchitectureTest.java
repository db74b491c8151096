package dev.shopflow.payment;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.shopflow.payment", importOptions = DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule featurePackagesHaveNoCycles = slices().matching("dev.shopflow.payment.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

	@ArchTest
	static final ArchRule featuresDoNotDependOnTheWebLayer = noClasses().that()
		.resideOutsideOfPackage("dev.shopflow.payment.web..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.payment.web..");

	// Fault injection (common-web) exists only in the chaos profile: nothing may need
	// it, so that without the profile the service is exactly what runs in production.
	@ArchTest
	static final ArchRule nothingDependsOnChaos = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.web.chaos..");

	// Idempotency rests on the single conditional statements in Payments; SQL anywhere
	// else could bypass them with a read-then-write.
	@ArchTest
	static final ArchRule onlyThePaymentsRepositoryTouchesTheDatabase = noClasses().that()
		.doNotHaveFullyQualifiedName("dev.shopflow.payment.payments.Payments")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..");

	// An event belongs in the transaction of the change it describes, and PaymentService
	// is where those transactions are opened.
	@ArchTest
	static final ArchRule onlyThePaymentServiceAppendsEvents = noClasses().that()
		.doNotHaveFullyQualifiedName("dev.shopflow.payment.payments.PaymentService")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("dev.shopflow.messaging.outbox.Outbox");

	// Decisions and state changes must not depend on HTTP, so they stay reusable from a
	// message listener; only the controller speaks HTTP.
	@ArchTest
	static final ArchRule onlyTheControllerSpeaksHttpInTheFeature = noClasses().that()
		.resideInAPackage("dev.shopflow.payment.payments..")
		.and()
		.doNotHaveSimpleName("PaymentController")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..");

}
