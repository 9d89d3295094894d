package io.motif.ingestion.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantKeysTest {

    @Test
    void configuredHashesResolveTheirPlainKeysOnly() {
        TenantKeys keys = TenantKeys.parse("acme:" + TenantKeys.hash("s3cret") + ", globex:" + TenantKeys.hash("other"));

        assertThat(keys.tenantOf("s3cret")).hasValue("acme");
        assertThat(keys.tenantOf("other")).hasValue("globex");
        assertThat(keys.tenantOf(TenantKeys.hash("s3cret"))).as("the hash itself is not a key").isEmpty();
        assertThat(keys.tenantOf(null)).isEmpty();
        assertThat(keys.tenantOf("")).isEmpty();
    }

    @Test
    void issuedKeysAreRandomAndBelongToTheirTenant() {
        TenantKeys keys = TenantKeys.parse(" ");

        String a = keys.issue("initech");
        String b = keys.issue("initech");

        assertThat(a).isNotEqualTo(b).startsWith("mtf_");
        assertThat(keys.tenantOf(a)).hasValue("initech");
        assertThat(keys.tenantOf(b)).hasValue("initech");
    }

    @Test
    void malformedConfigurationAndTenantNamesAreRefused() {
        assertThatThrownBy(() -> TenantKeys.parse("acme:not-a-hash")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantKeys.parse("Bad/Name:" + TenantKeys.hash("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantKeys.parse(" ").issue("../other")).isInstanceOf(IllegalArgumentException.class);
    }
}
