package io.motif.shapes.world;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ShapesWorldTest {

    @Test
    void sameSeedAndIndexGiveTheSameSceneAndPixels() {
        SceneRenderer r = new SceneRenderer(32);
        for (int i = 0; i < 20; i++) {
            Scene a = new ShapesWorld(5).scene(i);
            Scene b = new ShapesWorld(5).scene(i);
            assertThat(a).isEqualTo(b);
            assertThat(pixels(r.render(a))).isEqualTo(pixels(r.render(b)));
        }
        assertThat(new ShapesWorld(5).scene(0).caption()).isNotEqualTo(new ShapesWorld(6).scene(0).caption());
    }

    @Test
    void captionsNameEveryObjectAndVary() {
        ShapesWorld w = new ShapesWorld(1);
        Set<String> captions = new HashSet<>();
        int[] counts = new int[4];
        for (int i = 0; i < 500; i++) {
            Scene s = w.scene(i);
            captions.add(s.caption());
            counts[s.objects().size()]++;
            for (ObjectSpec o : s.prompt().objects()) {
                String shapeWord = o.shape().word();
                assertThat(s.caption()).contains(shapeWord.substring(0, shapeWord.length() - 1));
                assertThat(s.caption()).contains(o.colour().word());
            }
        }
        assertThat(captions.size()).isGreaterThan(450);
        assertThat(counts[1]).isPositive();
        assertThat(counts[2]).isPositive();
        assertThat(counts[3]).isPositive();
    }

    @Test
    void captionsUseOnlyTheWorldVocabulary() {
        Set<String> vocabulary = new HashSet<>(CaptionWriter.allWords());
        ShapesWorld w = new ShapesWorld(2);
        for (int i = 0; i < 500; i++) {
            for (String word : w.scene(i).caption().replace(",", " ").split(" +")) {
                assertThat(vocabulary).as(w.scene(i).caption()).contains(word);
            }
        }
    }

    @Test
    void objectsOfOneSceneNeverOverlap() {
        ShapesWorld w = new ShapesWorld(3);
        for (int i = 0; i < 300; i++) {
            List<PlacedObject> objs = w.scene(i).objects();
            for (int a = 0; a < objs.size(); a++) {
                for (int b = a + 1; b < objs.size(); b++) {
                    double dx = Math.abs(objs.get(a).centreX() - objs.get(b).centreX());
                    double dy = Math.abs(objs.get(a).centreY() - objs.get(b).centreY());
                    double gap = (objs.get(a).extent() + objs.get(b).extent()) / 2;
                    assertThat(dx >= gap || dy >= gap).isTrue();
                }
            }
        }
    }

    @Test
    void conceptInstancesShowTheConceptAtTheWorldsSizesInVariedCells() {
        List<Scene> inst = ConceptInstances.of(PersonalConcept.STRIPED_STAR, 12, "<new1>", 9);
        assertThat(inst).hasSize(12);
        Set<Position> cells = new HashSet<>();
        Set<SizeClass> sizes = new HashSet<>();
        for (Scene s : inst) {
            assertThat(s.objects()).hasSize(1);
            PlacedObject o = s.objects().get(0);
            assertThat(o.truth().concept()).isEqualTo("striped-star");
            assertThat(s.caption()).contains("<new1> star");
            assertThat(o.extent()).isEqualTo(o.truth().size().fraction());
            // the whole outline inside its cell, as the base world draws objects
            Position cell = o.truth().position();
            assertThat(o.centreX() - o.extent() / 2).isGreaterThanOrEqualTo(cell.column() / 3.0);
            assertThat(o.centreX() + o.extent() / 2).isLessThanOrEqualTo((cell.column() + 1) / 3.0);
            assertThat(o.centreY() - o.extent() / 2).isGreaterThanOrEqualTo(cell.row() / 3.0);
            assertThat(o.centreY() + o.extent() / 2).isLessThanOrEqualTo((cell.row() + 1) / 3.0);
            cells.add(cell);
            sizes.add(o.truth().size());
        }
        assertThat(cells.size()).isGreaterThan(3);
        assertThat(sizes).containsExactlyInAnyOrder(SizeClass.values());
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
