namespace Estafeta.Config;

internal static partial class ParameterTable
{
    private static IEnumerable<ParameterDefinition> DeliveryParameters() =>
    [
        Str("home_mailbox", "", "The mailbox path relative to the home directory (Maildir/ for Maildir); empty means mail_spool_directory.").Later(),
        Size("mailbox_size_limit", "51200000", "The maximum bytes of a mailbox file; 0 means no limit.").Later(),
        Str("mailbox_command", "", "A command that delivers to the mailbox instead of the local agent.").Later(),
        Str("mailbox_transport", "", "A transport that delivers local mailboxes instead of the local agent.").Later(),
        List("forward_path", "$home/.forward${recipient_delimiter}${extension}, $home/.forward", "Where the local agent looks for .forward files.").Later(),
        Time("queue_run_delay", "300s", "How often the deferred queue is scanned.").Later(),
        Time("minimal_backoff_time", "300s", "The shortest time between delivery attempts of a deferred message.").Later(),
        Time("maximal_backoff_time", "4000s", "The longest time between delivery attempts of a deferred message.").Later(),
        Time("maximal_queue_lifetime", "5d", "How long a message may stay queued before it bounces.", 'd').Later(),
        Time("bounce_queue_lifetime", "5d", "How long a bounce message may stay queued.", 'd').Later(),
        Int("qmgr_message_active_limit", "20000", "The maximum number of messages in the active queue.").Later(),
        Time("delay_warning_time", "0h", "When to tell the sender that mail is delayed; 0 means never.", 'h').Later(),
        Str("default_transport", "smtp", "The transport for mail to remote domains.").Later(),
        Str("local_transport", "local:$myhostname", "The transport for mail to mydestination domains.").Later(),
        Str("relay_transport", "relay", "The transport for mail to relay_domains.").Later(),
        Int("default_destination_concurrency_limit", "20", "Parallel deliveries to one destination.").Later(),
        Int("default_destination_recipient_limit", "50", "Recipients per delivery to one destination.").Later(),
        Str("smtp_helo_name", "$myhostname", "The name the SMTP client sends in HELO/EHLO.").Later(),
        Time("smtp_connect_timeout", "30s", "The SMTP client's time limit to connect.").Later(),
        Time("smtp_helo_timeout", "300s", "The SMTP client's time limit for the greeting and HELO/EHLO reply.").Later(),
        Time("smtp_mail_timeout", "300s", "The SMTP client's time limit for the MAIL FROM reply.").Later(),
        Time("smtp_rcpt_timeout", "300s", "The SMTP client's time limit for an RCPT TO reply.").Later(),
        Time("smtp_data_init_timeout", "120s", "The SMTP client's time limit for the DATA reply.").Later(),
        Time("smtp_data_xfer_timeout", "180s", "The SMTP client's time limit for sending message content.").Later(),
        Time("smtp_data_done_timeout", "600s", "The SMTP client's time limit for the reply to the final dot.").Later(),
        Time("smtp_quit_timeout", "300s", "The SMTP client's time limit for the QUIT reply.").Later(),
        Str("smtp_destination_concurrency_limit", "$default_destination_concurrency_limit", "Parallel SMTP deliveries to one destination.").Later(),
    ];
}
