package dev.unifiedcommerce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.unifiedcommerce.platform.TemplateTest.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store console on AWS (template.yaml): its files in a private bucket that only this distribution reads, the API
 * on the same origin under /api, security headers and a content security policy on every answer, and sign-in with
 * Cognito's hosted UI for a public client with PKCE, back only to the console's own address.
 */
class ConsoleHostingTemplateTest {
    static JsonNode resource(String name) { return TEMPLATE.at("/Resources/" + name); }

    static JsonNode distribution() { return resource("ConsoleDistribution").at("/Properties/DistributionConfig"); }

    @Test
    void theConsolesFilesAreInAPrivateBucketThatOnlyThisDistributionReadsThroughOriginAccessControl() {
        JsonNode bucket = resource("ConsoleBucket").get("Properties");
        for (String f : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(bucket.at("/PublicAccessBlockConfiguration/" + f).asBoolean()).as(f).isTrue();
        }
        assertThat(bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText()).isEqualTo("BucketOwnerEnforced");
        assertThat(bucket.has("WebsiteConfiguration")).as("no public website endpoint").isFalse();

        List<JsonNode> allows = new ArrayList<>();
        boolean tlsOnly = false;
        for (JsonNode st : resource("ConsoleBucketPolicy").at("/Properties/PolicyDocument/Statement")) {
            if ("Allow".equals(st.path("Effect").asText())) allows.add(st);
            else tlsOnly |= st.toString().contains("aws:SecureTransport");
        }
        assertThat(tlsOnly).isTrue();
        assertThat(allows).singleElement().satisfies(st -> {
            assertThat(st.at("/Principal/Service").asText()).isEqualTo("cloudfront.amazonaws.com");
            assertThat(st.get("Action").asText()).isEqualTo("s3:GetObject");
            assertThat(st.at("/Condition/StringEquals/AWS:SourceArn/Fn::Sub").asText()).endsWith(":distribution/${ConsoleDistribution}");
        });

        JsonNode console = origin("console");
        assertThat(console.at("/OriginAccessControlId/Fn::GetAtt/0").asText()).isEqualTo("ConsoleOriginAccessControl");
        assertThat(console.at("/S3OriginConfig/OriginAccessIdentity").asText()).as("no legacy origin access identity").isEmpty();
        JsonNode oac = resource("ConsoleOriginAccessControl").at("/Properties/OriginAccessControlConfig");
        assertThat(oac.get("OriginAccessControlOriginType").asText()).isEqualTo("s3");
        assertThat(oac.get("SigningBehavior").asText()).isEqualTo("always");
        assertThat(oac.get("SigningProtocol").asText()).isEqualTo("sigv4");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndAPolicyThatLoadsOnlyTheConsolesOwnFiles() {
        JsonNode headers = resource("ConsoleSecurityHeaders").at("/Properties/ResponseHeadersPolicyConfig/SecurityHeadersConfig");
        String csp = headers.at("/ContentSecurityPolicy/ContentSecurityPolicy/Fn::Sub").asText();
        assertThat(csp).contains("default-src 'self'", "script-src 'self';", "style-src 'self';", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'", "connect-src 'self' https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com https://cognito-idp.${AWS::Region}.amazonaws.com;");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        assertThat(headers.at("/StrictTransportSecurity/AccessControlMaxAgeSec").asInt()).isGreaterThanOrEqualTo(31_536_000);
        assertThat(headers.at("/FrameOptions/FrameOption").asText()).isEqualTo("DENY");
        assertThat(headers.at("/ReferrerPolicy/ReferrerPolicy").asText()).isEqualTo("no-referrer");
        assertThat(headers.has("ContentTypeOptions")).isTrue();
        for (JsonNode o : List.of(headers.at("/ContentSecurityPolicy"), headers.at("/StrictTransportSecurity"), headers.at("/FrameOptions"))) {
            assertThat(o.path("Override").asBoolean()).isTrue();
        }
        // the console's files and the API's answers alike
        assertThat(distribution().at("/DefaultCacheBehavior/ResponseHeadersPolicyId/Ref").asText()).isEqualTo("ConsoleSecurityHeaders");
        assertThat(api().at("/ResponseHeadersPolicyId/Ref").asText()).isEqualTo("ConsoleSecurityHeaders");
        assertThat(distribution().at("/DefaultCacheBehavior/ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
    }

    @Test
    void theApiIsOnTheSameOriginUnderApiNeverCachedWithEveryViewerHeaderButHostAndItsPrefixStripped() {
        JsonNode api = api();
        assertThat(api.get("TargetOriginId").asText()).isEqualTo("api");
        assertThat(origin("api").at("/DomainName/Fn::Sub").asText()).isEqualTo("${HttpApi}.execute-api.${AWS::Region}.amazonaws.com");
        assertThat(origin("api").at("/CustomOriginConfig/OriginProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(api.get("ViewerProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(api.get("AllowedMethods").toString()).contains("POST", "PUT", "DELETE", "OPTIONS");
        assertThat(api.get("CachePolicyId").asText()).as("Managed-CachingDisabled").isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(api.get("OriginRequestPolicyId").asText()).as("Managed-AllViewerExceptHostHeader").isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        assertThat(api.at("/FunctionAssociations/0/FunctionARN/Fn::GetAtt/0").asText()).isEqualTo("ApiPathPrefix");
        assertThat(resource("ApiPathPrefix").at("/Properties/FunctionCode").asText()).contains("request.uri.substring(4)");
        // the console's own paths: / and /console to /console/, a directory to its index.html
        assertThat(distribution().at("/DefaultCacheBehavior/FunctionAssociations/0/FunctionARN/Fn::GetAtt/0").asText()).isEqualTo("ConsolePaths");
        assertThat(resource("ConsolePaths").at("/Properties/FunctionCode").asText()).contains("'/console/'").contains("index.html");
    }

    @Test
    void theConsoleSignsInWithTheHostedUiAsAPublicClientWithPkceBackToItsOwnAddressOnly() {
        JsonNode client = resource("ConsoleClient").get("Properties");
        assertThat(client.get("GenerateSecret").asBoolean()).as("a browser keeps no secret").isFalse();
        assertThat(client.get("ExplicitAuthFlows").toString()).isEqualTo("[\"ALLOW_REFRESH_TOKEN_AUTH\"]");
        assertThat(client.get("EnableTokenRevocation").asBoolean()).isTrue();
        assertThat(client.get("ReadAttributes").toString()).contains("custom:stores");
        assertThat(client.get("WriteAttributes").toString()).doesNotContain("custom:stores");

        JsonNode urls = resource("ConsoleSignInUrls").get("Properties");
        assertThat(urls.at("/ClientId/Ref").asText()).isEqualTo("ConsoleClient");
        assertThat(urls.get("AllowedOAuthFlows").toString()).as("the code flow only (PKCE), never implicit").isEqualTo("[\"code\"]");
        assertThat(urls.get("AllowedOAuthScopes").toString()).contains("openid").contains("aws.cognito.signin.user.admin");
        assertThat(urls.get("SupportedIdentityProviders").toString()).isEqualTo("[\"COGNITO\"]");
        assertThat(urls.at("/CallbackURLs/0/Fn::Sub").asText()).isEqualTo("https://${ConsoleDistribution.DomainName}/console/");
        assertThat(urls.at("/LogoutURLs/0/Fn::Sub").asText()).isEqualTo("https://${ConsoleDistribution.DomainName}/console/");
        assertThat(urls.get("CallbackURLs")).hasSize(1);
        // CloudFormation resets the hosted-UI settings when it updates the client: any change to it changes this too
        JsonNode mirrored = client.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) mirrored).remove("UserPoolId");
        assertThat(urls.get("ClientSettings")).isEqualTo(mirrored);
        assertThat(resource("ConsoleSignInUrlsFunction").at("/Properties/Code/ZipFile").asText())
                .contains("describe_user_pool_client").contains("update_user_pool_client").contains("CallbackURLs=p[\"CallbackURLs\"]");
        String policy = resource("ConsoleSignInUrlsRole").at("/Properties/Policies/0/PolicyDocument").toString();
        assertThat(policy).contains("cognito-idp:UpdateUserPoolClient").contains("UserPool").doesNotContain("\"*\"");
        assertThat(TEMPLATE.at("/Outputs/ConsoleUrl/Value/Fn::Sub").asText()).isEqualTo("https://${ConsoleDistribution.DomainName}/console/");
    }

    private static JsonNode origin(String id) {
        for (JsonNode o : distribution().get("Origins")) if (id.equals(o.path("Id").asText())) return o;
        throw new AssertionError("no origin " + id);
    }

    private static JsonNode api() {
        for (JsonNode b : distribution().get("CacheBehaviors")) if ("/api/*".equals(b.path("PathPattern").asText())) return b;
        throw new AssertionError("no /api/* behaviour");
    }
}
