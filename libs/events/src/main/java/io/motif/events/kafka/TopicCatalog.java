package io.motif.events.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.events.json.MotifJson;
import io.motif.events.schema.SchemaRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The topics Motif uses, read from {@code schemas/topics.json} (shipped in this jar). */
public final class TopicCatalog {

    private static final String RESOURCE = SchemaRegistry.CLASSPATH_ROOT + "topics.json";

    private final Map<String, TopicSpec> byName;

    private TopicCatalog(List<TopicSpec> topics) {
        Map<String, TopicSpec> map = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            if (map.put(topic.name(), topic) != null) {
                throw new IllegalStateException("topic listed twice in the catalog: " + topic.name());
            }
        }
        this.byName = map;
    }

    public static TopicCatalog load() {
        ObjectMapper json = MotifJson.mapper();
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            JsonNode root = json.readTree(in);
            List<TopicSpec> topics = new ArrayList<>();
            for (JsonNode node : root.get("topics")) {
                topics.add(json.treeToValue(node, TopicSpec.class));
            }
            return new TopicCatalog(topics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the topic catalog", e);
        }
    }

    public List<TopicSpec> topics() {
        return List.copyOf(byName.values());
    }

    public Optional<TopicSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public TopicSpec get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no topic " + name + " in the catalog"));
    }
}
