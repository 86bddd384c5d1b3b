namespace Estafeta.Config;

internal static partial class ParameterTable
{
    private static IEnumerable<ParameterDefinition> SmtpdParameters() =>
    [
        Str("smtpd_banner", "$myhostname ESMTP $mail_name", "The text after 220 in the greeting."),
        Int("smtpd_recipient_limit", "1000", "The maximum number of recipients of one message."),
        Int("smtpd_recipient_overshoot_limit", "1000", "Recipients beyond smtpd_recipient_limit that count as errors."),
        Time("smtpd_timeout", "${stress?{10}:{300}}s", "How long the server waits for a client command or data."),
        Int("smtpd_soft_error_limit", "10", "Errors after which each reply is delayed by smtpd_error_sleep_time."),
        Time("smtpd_error_sleep_time", "1s", "The delay before an error reply once the soft error limit is reached."),
        Int("smtpd_hard_error_limit", "${stress?{1}:{20}}", "Errors after which the server disconnects."),
        Int("smtpd_junk_command_limit", "${stress?{1}:{100}}", "NOOP, VRFY, ETRN and RSET commands allowed per session before they count as errors."),
        Int("smtpd_client_connection_count_limit", "50", "Simultaneous connections allowed from one client."),
        Str("smtpd_forbid_bare_newline", "normalize", "Bare LF in SMTP input (Postfix 3.9): no, normalize or yes (reject)."),
        List("smtpd_forbid_bare_newline_exclusions", "$mynetworks", "Clients exempt from smtpd_forbid_bare_newline."),
        Bool("smtpd_forbid_unauth_pipelining", "yes", "Disconnect clients that pipeline commands before they may (Postfix 3.9 default yes)."),
        Bool("smtpd_helo_required", "no", "Require HELO or EHLO before MAIL FROM."),
        Bool("disable_vrfy_command", "no", "Refuse the VRFY command."),
        Bool("smtpd_delay_reject", "yes", "Apply client, HELO and sender restrictions at RCPT TO time."),
        List("smtpd_client_restrictions", "", "Restrictions applied at connect time."),
        List("smtpd_helo_restrictions", "", "Restrictions applied to HELO/EHLO."),
        List("smtpd_sender_restrictions", "", "Restrictions applied to MAIL FROM."),
        List("smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "Relay control applied at RCPT TO, before smtpd_recipient_restrictions."),
        List("smtpd_recipient_restrictions", "", "Restrictions applied at RCPT TO, after smtpd_relay_restrictions."),
        List("smtpd_data_restrictions", "", "Restrictions applied to DATA."),
        List("smtpd_end_of_data_restrictions", "", "Restrictions applied at the end of the message."),
        Bool("smtpd_reject_unlisted_recipient", "yes", "Reject recipients that are not valid in their address class."),
        Bool("smtpd_reject_unlisted_sender", "no", "Reject senders that are not valid in their address class."),
        Int("unknown_local_recipient_reject_code", "550", "The reply code for an unknown local recipient."),
        Int("relay_domains_reject_code", "554", "The reply code for a refused relay attempt."),
        Int("unknown_address_reject_code", "450", "The reply code for an address whose domain does not resolve."),
        Int("unknown_client_reject_code", "450", "The reply code for a client without a valid name."),
        Bool("smtpd_peername_lookup", "yes", "Look up the client's name in DNS."),
        Bool("smtpd_client_port_logging", "no", "Log the client's port number with its address."),
        Bool("strict_rfc821_envelopes", "no", "Require <> around MAIL FROM and RCPT TO addresses and nothing else."),
        Bool("smtputf8_enable", "yes", "Offer SMTPUTF8 and accept UTF-8 addresses."),
    ];
}
