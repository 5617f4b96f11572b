package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.model.AuditEntry;
import io.roomrelease.ews.simulator.stats.AnchorMismatch;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;

class ImpersonationTest {
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void accountWithTheRoleActsAsTheMailbox() throws Exception {
        try (ExchangeService ews = impersonating(SVC, SVC_PASSWORD, ConnectingIdType.SmtpAddress, "ROOM1@contoso.com")) {
            ews.getHttpHeaders().put("X-AnchorMailbox", ROOM1);
            ews.getRoomLists();
        }
        try (ExchangeService ews = impersonating(SVC, SVC_PASSWORD, ConnectingIdType.PrincipalName, ROOM2)) {
            ews.getHttpHeaders().put("X-AnchorMailbox", ROOM2);
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).extracting(ProbeOperation.Seen::impersonated).containsExactly(ROOM1, ROOM2);
        assertThat(f.probe.calls).extracting(ProbeOperation.Seen::account).containsOnly(SVC);
        assertThat(f.sim.stats().anchorMismatches()).isEmpty();
    }

    @Test
    void scopedRoleReachesOnlyItsScope() throws Exception {
        try (ExchangeService ews = impersonating(SCOPED, PASSWORD, ConnectingIdType.SmtpAddress, ROOM1)) {
            ews.getRoomLists();
        }
        ServiceResponseException denied = error(impersonating(SCOPED, PASSWORD, ConnectingIdType.SmtpAddress, ROOM2));
        assertThat(denied.getErrorCode()).isEqualTo(ServiceError.ErrorImpersonateUserDenied);
        assertThat(denied.getMessage()).isEqualTo("The account does not have permission to impersonate the requested user.");
        assertThat(f.probe.calls).hasSize(1);
    }

    @Test
    void accountWithoutTheRoleIsDeniedAndAudited() {
        ServiceResponseException denied = error(impersonating(ALICE, PASSWORD, ConnectingIdType.SmtpAddress, ROOM1));
        assertThat(denied.getErrorCode()).isEqualTo(ServiceError.ErrorImpersonateUserDenied);
        assertThat(f.probe.calls).isEmpty();
        assertThat(f.sim.store().auditLog()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo(ALICE);
            assertThat(e.mailbox()).isEqualTo(ROOM1);
            assertThat(e.operation()).isEqualTo("Impersonate");
            assertThat(e.result()).isEqualTo(AuditEntry.Result.Failed);
            assertThat(e.logonType()).isEqualTo(AuditEntry.LogonType.Impersonation);
            assertThat(e.detail()).isEqualTo("ErrorImpersonateUserDenied");
        });
    }

    @Test
    void nonExistentMailboxGetsErrorNonExistentMailbox() {
        ServiceResponseException e = error(impersonating(SVC, SVC_PASSWORD, ConnectingIdType.SmtpAddress, "ghost@contoso.com"));
        assertThat(e.getErrorCode()).isEqualTo(ServiceError.ErrorNonExistentMailbox);
        assertThat(f.probe.calls).isEmpty();
    }

    @Test
    void sidThatMapsToNoMailboxIsRefusedWithAHint() {
        ServiceResponseException e = error(impersonating(SVC, SVC_PASSWORD, ConnectingIdType.SID, "S-1-5-21-1-2-3-1001"));
        assertThat(e.getErrorCode()).isEqualTo(ServiceError.ErrorNonExistentMailbox);
        assertThat(e.getMessage()).contains("PrimarySmtpAddress or PrincipalName");
    }

    @Test
    void anchorMailboxThatDiffersFromTheImpersonatedOneIsRecorded() throws Exception {
        try (ExchangeService ews = impersonating(SVC, SVC_PASSWORD, ConnectingIdType.SmtpAddress, ROOM1)) {
            ews.getHttpHeaders().put("X-AnchorMailbox", ROOM2);
            ews.getRoomLists();
            ews.getHttpHeaders().remove("X-AnchorMailbox");
            ews.getRoomLists();
            ews.getHttpHeaders().put("X-AnchorMailbox", ROOM1);
            ews.getRoomLists();
        }
        assertThat(f.sim.stats().anchorMismatches()).containsExactly(
                new AnchorMismatch("GetRoomLists", SVC, ROOM1, ROOM2),
                new AnchorMismatch("GetRoomLists", SVC, ROOM1, null));
    }

    private ExchangeService impersonating(String user, String password, ConnectingIdType type, String id) {
        ExchangeService ews = f.preemptiveBasic(user, password);
        ews.setImpersonatedUserId(new ImpersonatedUserId(type, id));
        return ews;
    }

    private static ServiceResponseException error(ExchangeService ews) {
        try (ews) {
            return EwsErrors.responseException(catchThrowable(ews::getRoomLists));
        }
    }
}
