package io.roomrelease.camel.ews.ews;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.http.HttpVersion;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BusyReplySnifferTest {

    static final String BUSY = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
            + "<faultcode>a:ErrorServerBusy</faultcode><detail><e:ResponseCode>ErrorServerBusy</e:ResponseCode>"
            + "<t:MessageXml><t:Value Name=\"BackOffMilliseconds\">2500</t:Value></t:MessageXml></detail>"
            + "</s:Fault></s:Body></s:Envelope>";

    static BasicHttpResponse response(int status, String body) {
        BasicHttpResponse r = new BasicHttpResponse(HttpVersion.HTTP_1_1, status, "x");
        r.setEntity(new StringEntity(body, ContentType.TEXT_XML.withCharset(StandardCharsets.UTF_8)));
        return r;
    }

    @Test
    void aBusyFaultGivesItsBackOffAndLeavesTheBodyReadable() throws Exception {
        BasicHttpResponse r = response(500, BUSY);
        assertThat(BusyReplySniffer.sniff(r)).contains(Duration.ofMillis(2500));
        assertThat(EntityUtils.toString(r.getEntity())).isEqualTo(BUSY);
    }

    @Test
    void otherRepliesAreLeftAlone() throws Exception {
        assertThat(BusyReplySniffer.sniff(response(200, BUSY))).isEmpty();
        assertThat(BusyReplySniffer.sniff(response(500, BUSY.replace("ErrorServerBusy", "ErrorSchemaValidation")))).isEmpty();
        // a concurrency rejection names the policy but carries no BackOffMilliseconds
        assertThat(BusyReplySniffer.sniff(response(500, BUSY.replace("BackOffMilliseconds", "MaxConcurrencyLimit"))))
                .isEmpty();
    }
}
