package io.motif.merger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.motif.testing.MotifStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The service starts against the real stack, reports both Kafka and the object store ready, and exports metrics,
 * the merge worker's among them.
 */
@QuarkusTest
@WithTestResource(MotifStackResource.class)
class MergerServiceTest {

    @Test
    void isHealthyAndExportsMetrics() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems("object-store", "Kafka connection health check"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("motif_jobs_running{kind=\"merge\""));
    }
}
