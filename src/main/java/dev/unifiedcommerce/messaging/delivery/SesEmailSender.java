package dev.unifiedcommerce.messaging.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.messaging.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * E-mail through Amazon SES v2 (SendEmail) from the verified identity {@code commerce.notify.email-from}; the template
 * lets the function send from that identity only. BUILD-NOTES: the SDK's sesv2 module is not served at the SDK version
 * the project is pinned to, so the one call is made here, signed by the SDK's own SigV4 signer with the function's
 * role credentials (the same provider chain every SDK client uses).
 */
@ApplicationScoped
public class SesEmailSender implements EmailSender {
    private final NotifyConfig config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

    public SesEmailSender(NotifyConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    @Override
    public void send(String to, String subject, String text) {
        String from = config.emailFrom().filter(f -> !f.isBlank())
                .orElseThrow(() -> new IllegalStateException("no sender identity (commerce.notify.email-from) for e-mail"));
        String region = config.snsRegion().orElseGet(() -> DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        URI endpoint = URI.create(config.sesEndpoint().orElse("https://email." + region + ".amazonaws.com") + "/v2/email/outbound-emails");
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("FromEmailAddress", from, "Destination", Map.of("ToAddresses", List.of(to)),
                    "Content", Map.of("Simple", Map.of("Subject", Map.of("Data", subject, "Charset", "UTF-8"),
                            "Body", Map.of("Text", Map.of("Data", text, "Charset", "UTF-8"))))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint).putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(unsigned).payload(() -> new ByteArrayInputStream(body))
                .identity(DefaultCredentialsProvider.builder().build().resolveCredentials())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ses").putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        // Host and Content-Length are the HTTP client's own to set
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) values.forEach(v -> request.header(name, v));
        });
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) throw new IllegalStateException("SES answered " + answer.statusCode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
