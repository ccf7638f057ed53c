package com.xuqinmin.im.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API (API.md) under {@code /api}. */
@ApplicationPath("/api")
public class ImApplication extends Application {
}
