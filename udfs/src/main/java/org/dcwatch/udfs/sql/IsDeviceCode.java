package org.dcwatch.udfs.sql;

import org.apache.flink.table.functions.ScalarFunction;
import org.dcwatch.udfs.classify.DeviceCodeFlow;

/**
 * {@code is_device_code(authentication_protocol, original_transfer_method)}: whether a sign-in belongs to a device
 * code flow. Never NULL: missing fields are not evidence of a device code, so NULLs give FALSE and the function can
 * stand alone in a WHERE clause.
 */
public class IsDeviceCode extends ScalarFunction {

    public Boolean eval(String authenticationProtocol, String originalTransferMethod) {
        return DeviceCodeFlow.isDeviceCode(authenticationProtocol, originalTransferMethod);
    }
}
