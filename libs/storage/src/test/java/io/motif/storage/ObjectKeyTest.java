package io.motif.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void layoutIsTenantKindHash() {
        ObjectKey key = ObjectKey.forContent("acme", "images", "abc".getBytes(StandardCharsets.UTF_8));
        // sha256("abc"), a published test vector
        assertThat(key.path()).isEqualTo(
                "tenants/acme/images/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ObjectKey.parse(key.path())).isEqualTo(key);
        assertThat(key.path()).startsWith(ObjectKey.prefix("acme", "images"));
    }

    @Test
    void rejectsKeysThatCouldEscapeTheirPrefix() {
        String hash = ObjectKey.sha256Hex(new byte[0]);
        assertThatThrownBy(() -> new ObjectKey("../x", "images", hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectKey("acme", "a/b", hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectKey("Acme", "images", hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectKey("acme", "images", "xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKey.parse("tenants/acme/images")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKey.parse("other/acme/images/" + hash)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsNeverPrintTheSecret() {
        StorageSettings settings = new StorageSettings("http://h:9000", "key", "s3cr3t", null, null);
        assertThat(settings.toString()).doesNotContain("s3cr3t");
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.bucket()).isEqualTo("motif");
    }
}
