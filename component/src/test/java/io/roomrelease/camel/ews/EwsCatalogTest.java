package io.roomrelease.camel.ews;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated component metadata loads into camel-catalog and validates URIs. */
class EwsCatalogTest {

    static CamelCatalog catalog;
    static String json;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = EwsComponent.class.getResourceAsStream("/META-INF/io/roomrelease/camel/ews/ews.json")) {
            assertThat(in).as("generated ews.json on the classpath (camel-component-maven-plugin)").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catalog = new DefaultCamelCatalog();
        catalog.addComponent("ews", EwsComponent.class.getName(), json);
    }

    @Test
    void componentIsKnownWithItsHeadersAndSecrets() {
        assertThat(catalog.findComponentNames()).contains("ews");
        String schema = catalog.componentJSonSchema("ews");
        assertThat(schema).contains("\"CamelEwsMailbox\"").contains("\"CamelEwsRequestId\"")
                .contains("\"CamelEwsWholeSeries\"");
        assertThat(catalog.componentModel("ews").getEndpointOptions())
                .filteredOn(o -> o.getName().equals("password") || o.getName().equals("clientSecret")
                                 || o.getName().equals("trustStorePassword"))
                .hasSize(3).allMatch(o -> o.isSecret());
        assertThat(catalog.componentModel("ews").getComponentOptions()).extracting(o -> o.getName())
                .contains("url", "username", "password", "tokenUrl", "maxConcurrentRequests", "clock",
                        "connectionIdleTimeout", "api", "graphUrl");
        assertThat(catalog.componentModel("ews").getEndpointOptions())
                .filteredOn(o -> o.getName().equals("api")).singleElement()
                .satisfies(o -> assertThat(o.getEnums()).containsExactly("ews", "graph"));
        assertThat(catalog.componentModel("ews").getEndpointOptions())
                .filteredOn(o -> o.getName().equals("freeBusyView")).singleElement()
                .satisfies(o -> {
                    assertThat(o.getEnums()).containsExactly("FreeBusy", "Detailed");
                    assertThat(String.valueOf(o.getDefaultValue())).isEqualTo("Detailed");
                    assertThat(o.getDescription()).contains("RequestedView").contains("api=graph");
                });
        assertThat(catalog.componentModel("ews").getComponentOptions()).extracting(o -> o.getName())
                .contains("freeBusyView");
        assertThat(schema).contains("\"CamelEwsDeltaLink\"");
        assertThat(catalog.componentModel("ews").getEndpointOptions())
                .filteredOn(o -> o.getName().equals("connectionIdleTimeout")).singleElement()
                .satisfies(o -> {
                    assertThat(o.getType()).isEqualTo("duration");
                    assertThat(String.valueOf(o.getDefaultValue())).isEqualTo("15000");
                    assertThat(o.getDescription()).contains("keep-alive");
                });
    }

    @Test
    void acceptsValidUris() {
        EndpointValidationResult r = catalog.validateEndpointProperties(
                "ews:calendar?url=https://mail.example.com/EWS/Exchange.asmx&rooms=a@x.com,b@x.com"
                                                                        + "&windowStart=-PT30M&windowEnd=PT2H&delay=60000&maxConcurrentRequests=10"
                                                                        + "&accessMode=delegate&connectingIdType=PrincipalName&maxBackOff=30s");
        assertThat(r.isSuccess()).as(r.summaryErrorMessage(false)).isTrue();
        EndpointValidationResult p = catalog.validateEndpointProperties("ews:rooms?operation=declineEvent&mailbox=r@x.com");
        assertThat(p.isSuccess()).as(p.summaryErrorMessage(false)).isTrue();
    }

    @Test
    void rejectsUnknownOptionsAndBadValues() {
        EndpointValidationResult unknown = catalog.validateEndpointProperties("ews:calendar?roomz=a@x.com");
        assertThat(unknown.isSuccess()).isFalse();
        assertThat(unknown.getUnknown()).contains("roomz");

        EndpointValidationResult badEnum = catalog.validateEndpointProperties("ews:calendar?accessMode=sudo");
        assertThat(badEnum.isSuccess()).isFalse();
        assertThat(badEnum.getInvalidEnum()).containsKey("accessMode");

        EndpointValidationResult badView = catalog.validateEndpointProperties("ews:x?freeBusyView=DetailedMerged");
        assertThat(badView.getInvalidEnum()).containsKey("freeBusyView");
        assertThat(catalog.validateEndpointProperties("ews:x?operation=getAvailability&freeBusyView=FreeBusy")
                .isSuccess()).isTrue();

        EndpointValidationResult badOp = catalog.validateEndpointProperties("ews:x?operation=dropAllMeetings");
        assertThat(badOp.getInvalidEnum()).containsKey("operation");

        EndpointValidationResult badInt = catalog.validateEndpointProperties("ews:calendar?maxConcurrentRequests=ten");
        assertThat(badInt.getInvalidInteger()).containsKey("maxConcurrentRequests");

        EndpointValidationResult badBool = catalog.validateEndpointProperties("ews:calendar?allowInsecureHttp=maybe");
        assertThat(badBool.getInvalidBoolean()).containsKey("allowInsecureHttp");
    }
}
