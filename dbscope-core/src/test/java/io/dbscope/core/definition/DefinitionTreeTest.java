package io.dbscope.core.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hand-written reading of a definition's tree against Jackson's binding of it. */
class DefinitionTreeTest {
  private final ObjectMapper mapper =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  @Test
  void everyBuiltInDefinitionOfEveryEngineReadsAsJacksonBindsIt() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(Path.of(".."), 7)) {
      files =
          all.filter(p -> p.toString().contains("/src/main/resources/definitions/"))
              .filter(p -> p.toString().endsWith(".yaml"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    int read = 0;
    for (Path file : files) {
      for (JsonNode item : mapper.readTree(file.toFile())) {
        DefinitionYaml.Def bound = mapper.treeToValue(item, DefinitionYaml.Def.class);
        // Every built-in file is plain, so none of them costs Jackson's binding at start.
        assertThat(DefinitionTree.def(item)).as(file + " " + bound.id()).isEqualTo(bound);
        read++;
      }
    }
    assertThat(read).isGreaterThan(100);
  }

  @Test
  void aTreeThatIsNotPlainGoesToJacksonAndItsMessage() throws IOException {
    JsonNode unknownKey = mapper.readTree("id: x\nquery: q\ncolumns: {a: label}\nttl2: 5s\n");
    JsonNode number = mapper.readTree("id: x\nquery: q\ncolumns: {a: label}\nminVersion: 10\n");

    assertThat(DefinitionTree.read(number, mapper).minVersion()).isEqualTo("10");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DefinitionTree.read(unknownKey, mapper))
        .hasMessageContaining("ttl2");
  }
}
