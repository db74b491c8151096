package dev.shopflow.notification;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.shopflow.notification", importOptions = DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("dev.shopflow.notification.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

	@ArchTest
	static final ArchRule featurePackagesDoNotUseTheWebPackage = noClasses().that()
		.resideInAnyPackage("dev.shopflow.notification.notifications..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.shopflow.notification.web..");

	// A notification is written in the inbox's transaction (ProcessedEvents.once), so
	// that it commits together with the record that its event was processed and with
	// its email task. A transaction opened elsewhere would split them. The email worker
	// is the one exception: its transaction keeps the notifications it sends locked
	// until their delivery is recorded.
	@ArchTest
	static final ArchRule onlyTheEmailWorkerOpensTransactions = noClasses().that()
		.doNotHaveSimpleName("EmailWorker")
		.should()
		.dependOnClassesThat(
				assignableTo(TransactionOperations.class).or(assignableTo(PlatformTransactionManager.class))
					.or(type(Transactional.class)));

	@ArchTest
	static final ArchRule controllersDoNotTouchTheDatabase = noClasses().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.belongToAnyOf(JdbcClient.class);

}
