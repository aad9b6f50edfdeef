package io.ccl.runtime.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * TDX RTMR3 through the kernel's TSM measurement-register sysfs interface (Linux 6.16+,
 * {@code /sys/class/misc/tdx_guest/measurements/rtmr3:sha384}: writing 48 bytes extends the
 * register). Not exercised on TDX hardware: no TD was available; on every other machine the file
 * is absent and {@link #detect()} returns empty.
 */
final class TdxRtmr implements MeasurementRegister {
    static final Path RTMR3 = Path.of("/sys/class/misc/tdx_guest/measurements/rtmr3:sha384");
    private final Path file;

    TdxRtmr(Path file) {
        this.file = file;
    }

    static Optional<MeasurementRegister> detect() {
        return Files.isWritable(RTMR3) ? Optional.of(new TdxRtmr(RTMR3)) : Optional.empty();
    }

    @Override
    public void extend(byte[] sha384) throws IOException {
        if (sha384.length != 48) {
            throw new IllegalArgumentException("RTMR3 extends take 48 bytes");
        }
        Files.write(file, sha384, StandardOpenOption.WRITE);
    }

    @Override
    public String describe() {
        return "tdx-rtmr3 " + file;
    }
}
