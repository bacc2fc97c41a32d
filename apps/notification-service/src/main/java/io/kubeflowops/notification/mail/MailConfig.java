package io.kubeflowops.notification.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Which mail service sends the notifications, and as whom. */
@ConfigMapping(prefix = "mail")
public interface MailConfig {
  /** {@code smtp}: an SMTP server (quarkus.mailer.*); {@code ses}: the Amazon SES v2 API. */
  @WithDefault("smtp")
  Transport transport();

  /** The sender address; on SES an address of the verified domain identity. */
  String from();

  /** How long one send may take before it counts as failed (and the event is retried). */
  @WithDefault("10S")
  Duration sendTimeout();

  Ses ses();

  enum Transport {
    smtp,
    ses
  }

  /** Amazon SES v2. */
  interface Ses {
    /**
     * The configuration set every mail is sent with (bounce and complaint events); may be empty.
     */
    Optional<String> configurationSet();

    /** Set for a local SES-compatible server (moto in tests); empty on AWS. */
    Optional<String> endpoint();

    String region();
  }
}
