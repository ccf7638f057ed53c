package com.xuqinmin.im.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/errors.md is the users' table of error codes: it must list every one the server can answer with. */
class ErrorTableTest {

    @Test
    void every_error_code_is_documented_with_its_status() throws IOException {
        String doc = Files.readString(Path.of("../docs/errors.md"));
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(doc).as(c.name()).contains("`" + c.name() + "`");
        }
    }
}
