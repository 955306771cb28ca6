package dev.unifiedcommerce.reports.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.unifiedcommerce.reports.dynamo.SalesStream;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Reports stream function: each batch the event source mapping hands over (Lambda's DynamoDB event, as the
 * local poller also writes it) goes to {@link SalesStream}; the answer names the record to retry the batch from
 * (FunctionResponseTypes: ReportBatchItemFailures). Raw bytes in and out: the event's attribute values keep their
 * DynamoDB JSON shape, which no Java event class reads back faithfully.
 */
public class SalesStreamFunction implements RequestStreamHandler {
    @Inject
    SalesStream stream;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String answer = stream.handle(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
