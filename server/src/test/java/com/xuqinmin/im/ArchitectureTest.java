package com.xuqinmin.im;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package graph stays one-way (README, "Layout"): each feature package uses only the packages
 * below it, and a lower package that needs something from above defines an interface that the
 * upper one implements (e.g. {@code group.GroupConversations}, {@code delivery.ConversationOrder.GapLoader}).
 * Read from the compiled classes, so an import, a field type or a call all count.
 */
@AnalyzeClasses(packages = "com.xuqinmin.im", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("com.xuqinmin.im.(*)..").should().beFreeOfCycles();

    /**
     * From the top: start-up, the edges (HTTP, WebSocket), data deletion (which reaches into every
     * feature that keeps a user's data), the features, then what they all share.
     */
    @ArchTest
    static final ArchRule packages_depend_downward_only = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("startup").definedBy("com.xuqinmin.im.startup..")
            .layer("api").definedBy("com.xuqinmin.im.api..")
            .layer("audit").definedBy("com.xuqinmin.im.audit..")
            .layer("erasure").definedBy("com.xuqinmin.im.erasure..")
            .layer("gateway").definedBy("com.xuqinmin.im.gateway..")
            .layer("chat").definedBy("com.xuqinmin.im.chat..")
            .layer("webhook").definedBy("com.xuqinmin.im.webhook..")
            .layer("push").definedBy("com.xuqinmin.im.push..")
            .layer("group").definedBy("com.xuqinmin.im.group..")
            .layer("social").definedBy("com.xuqinmin.im.social..")
            .layer("notice").definedBy("com.xuqinmin.im.notice..")
            .layer("auth").definedBy("com.xuqinmin.im.auth..")
            .layer("account").definedBy("com.xuqinmin.im.account..")
            .layer("delivery").definedBy("com.xuqinmin.im.delivery..")
            .layer("stomp").definedBy("com.xuqinmin.im.stomp..")
            .layer("platform").definedBy("com.xuqinmin.im.platform..")
            .layer("error").definedBy("com.xuqinmin.im.error..")
            .whereLayer("startup").mayNotBeAccessedByAnyLayer()
            .whereLayer("api").mayOnlyBeAccessedByLayers("startup")
            .whereLayer("audit").mayOnlyBeAccessedByLayers("api", "startup")
            .whereLayer("erasure").mayOnlyBeAccessedByLayers("api", "startup")
            .whereLayer("gateway").mayOnlyBeAccessedByLayers("api", "startup")
            .whereLayer("chat").mayOnlyBeAccessedByLayers("gateway", "erasure", "api", "startup")
            .whereLayer("webhook").mayOnlyBeAccessedByLayers("social", "group", "chat", "gateway", "erasure", "api", "startup")
            .whereLayer("push").mayOnlyBeAccessedByLayers("gateway", "erasure", "api", "startup")
            .whereLayer("group").mayOnlyBeAccessedByLayers("chat", "gateway", "erasure", "api", "startup")
            .whereLayer("social").mayOnlyBeAccessedByLayers("chat", "gateway", "erasure", "api", "startup")
            .whereLayer("notice").mayOnlyBeAccessedByLayers("social", "group", "chat", "gateway", "erasure", "api",
                    "startup")
            .whereLayer("auth").mayOnlyBeAccessedByLayers("chat", "gateway", "erasure", "api", "startup")
            .whereLayer("account").mayOnlyBeAccessedByLayers("push", "webhook", "auth", "group", "social", "chat", "gateway",
                    "erasure", "api", "startup")
            .whereLayer("delivery").mayOnlyBeAccessedByLayers("push", "webhook", "account", "auth", "group", "social", "notice",
                    "chat", "gateway", "erasure", "api", "startup")
            .whereLayer("stomp").mayOnlyBeAccessedByLayers("gateway", "api", "startup")
            .whereLayer("platform").mayOnlyBeAccessedByLayers("audit", "push", "webhook", "delivery", "account", "auth", "group",
                    "social", "notice", "chat", "gateway", "erasure", "api", "startup")
            .whereLayer("error").mayOnlyBeAccessedByLayers("audit", "push", "webhook", "platform", "stomp", "delivery", "account",
                    "auth", "group", "social", "notice",
                    "chat", "gateway", "erasure", "api", "startup");
}
