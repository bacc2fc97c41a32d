package io.kubeflowops.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough SMTP (RFC 5321, plain text, no auth) for a test to hand one mail to a server. */
final class SmtpClient {
  private SmtpClient() {}

  static void send(int port, String from, String to, String subject, String body)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      expect(in, "220");
      command(in, out, "EHLO localhost", "250");
      command(in, out, "MAIL FROM:<" + from + ">", "250");
      command(in, out, "RCPT TO:<" + to + ">", "250");
      command(in, out, "DATA", "354");
      command(
          in,
          out,
          "From: <"
              + from
              + ">\r\nTo: <"
              + to
              + ">\r\nSubject: "
              + subject
              + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
              + body
              + "\r\n.",
          "250");
      command(in, out, "QUIT", "221");
    }
  }

  private static void command(BufferedReader in, Writer out, String line, String code)
      throws IOException {
    out.write(line + "\r\n");
    out.flush();
    expect(in, code);
  }

  /** Reads a (possibly multi-line, "250-...") reply and checks its code. */
  private static void expect(BufferedReader in, String code) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null || !line.startsWith(code)) {
        throw new IOException("SMTP server answered " + line + ", expected " + code);
      }
    } while (line.charAt(3) == '-');
  }
}
