package io.motif.diffusion.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The device models run on: the first GPU when the engine sees one, the CPU otherwise. */
public final class Devices {

    private Devices() {
    }

    public static Device preferred() {
        String forced = System.getProperty("motif.device");
        if (forced != null) {
            return Device.fromName(forced);
        }
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
