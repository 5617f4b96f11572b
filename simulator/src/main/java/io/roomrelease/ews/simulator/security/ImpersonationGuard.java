package io.roomrelease.ews.simulator.security;

import java.util.Optional;
import java.util.function.Function;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.soap.EwsFault;
import io.roomrelease.ews.simulator.soap.SoapRequest.ConnectingSid;

/**
 * Decides an {@code ExchangeImpersonation} header as Exchange does: the target must resolve to a mailbox
 * ({@code ErrorNonExistentMailbox} otherwise), and the account must hold the ApplicationImpersonation
 * role with the mailbox in the role's scope ({@code ErrorImpersonateUserDenied} otherwise).
 * {@code PrincipalName} is treated as the user principal name, which equals the SMTP address here.
 */
public final class ImpersonationGuard {
    /** Exchange's text for ErrorImpersonateUserDenied. */
    public static final String DENIED_MESSAGE = "The account does not have permission to impersonate the requested user.";

    private final Function<String, Optional<String>> mailbox;
    private final Function<String, Optional<String>> sidToSmtp;

    /**
     * @param mailbox   resolves an SMTP address to the mailbox's primary address as the directory spells it
     *                  (empty when no mailbox has it)
     * @param sidToSmtp resolves a security identifier to an SMTP address (empty when unknown)
     */
    public ImpersonationGuard(Function<String, Optional<String>> mailbox, Function<String, Optional<String>> sidToSmtp) {
        this.mailbox = mailbox;
        this.sidToSmtp = sidToSmtp;
    }

    /** Returns the impersonated mailbox's SMTP address, or throws the fault Exchange would send. */
    public String check(Account account, ConnectingSid target) throws EwsFault {
        String smtp = resolve(target);
        if (!account.mayImpersonate(smtp)) {
            throw new EwsFault("ErrorImpersonateUserDenied", DENIED_MESSAGE);
        }
        return smtp;
    }

    private String resolve(ConnectingSid target) {
        if (target.kind() == ConnectingSid.Kind.SID) {
            return sidToSmtp.apply(target.value()).flatMap(mailbox).orElseThrow(() -> new EwsFault("ErrorNonExistentMailbox",
                    "No mailbox has the security identifier " + target.value()
                            + ". Impersonate by PrimarySmtpAddress or PrincipalName instead."));
        }
        return mailbox.apply(target.value()).orElseThrow(() ->
                new EwsFault("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it."));
    }
}
