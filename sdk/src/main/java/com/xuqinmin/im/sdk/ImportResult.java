package com.xuqinmin.im.sdk;

import java.util.Collections;
import java.util.List;

/** The outcome of an import: the users created now, and those that were already there (left unchanged). */
public final class ImportResult {
    private final List<String> imported;
    private final List<String> existing;

    private ImportResult(List<String> imported, List<String> existing) {
        this.imported = Collections.unmodifiableList(imported);
        this.existing = Collections.unmodifiableList(existing);
    }

    static ImportResult of(Json.Obj o) {
        return new ImportResult(o.strs("imported"), o.strs("existing"));
    }

    public List<String> imported() {
        return imported;
    }

    public List<String> existing() {
        return existing;
    }

    @Override
    public String toString() {
        return "ImportResult[imported=" + imported + ", existing=" + existing + "]";
    }
}
