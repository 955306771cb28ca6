package dev.unifiedcommerce.local;

import io.quarkus.amazon.lambda.runtime.MockHttpEventServer;

/**
 * For scripts/local-up --packaged: Quarkus's Lambda HTTP event server on PORT. It turns HTTP requests into API Gateway
 * v2 events and serves the Lambda Runtime API (under /_lambda_) that AWS's runtime interface client polls, so the
 * exact deployable function.zip answers HTTP as it would behind API Gateway. Argument: PORT
 */
public final class LocalEventServer {
    private LocalEventServer() {}

    public static void main(String[] args) throws InterruptedException {
        MockHttpEventServer server = new MockHttpEventServer();
        server.start(Integer.parseInt(args[0]));
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
