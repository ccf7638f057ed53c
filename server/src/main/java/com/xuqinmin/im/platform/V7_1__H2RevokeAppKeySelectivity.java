package com.xuqinmin.im.platform;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** H2 only: what V6_1 did for every table, for {@code im_revoke} (V7) too. */
public class V7_1__H2RevokeAppKeySelectivity extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        V6_1__H2AppKeySelectivity.lowerAppKeySelectivity(context.getConnection(), "im_revoke");
    }
}
