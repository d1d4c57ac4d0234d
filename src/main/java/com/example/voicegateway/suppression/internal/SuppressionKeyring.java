package com.example.voicegateway.suppression.internal;

import com.example.voicegateway.message.SuppressionKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The key a number is kept under on the do-not-call lists: HMAC-SHA256 of its E.164 form with
 * {@code gateway.suppression.hash-secret}, in hex. A keyed hash, not a plain one: there are few enough phone numbers
 * to hash them all, so without the secret (which is not in the database) a copy of the table cannot tell the erased
 * numbers back. Intake asks for it ({@link SuppressionKeys}) to match entries that keep only the key.
 */
@Component
public class SuppressionKeyring implements SuppressionKeys {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    // A Mac is not thread-safe and costs a few microseconds to make: one per thread.
    private final ThreadLocal<Mac> macs;

    public SuppressionKeyring(SuppressionProperties settings) {
        if (settings.hashSecret() == null) {
            // config.LiveSettings stops a live start without it and the sandbox generates one: a bug if here.
            throw new IllegalStateException("gateway.suppression.hash-secret is not set");
        }
        this.key = new SecretKeySpec(settings.hashSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    @Override
    public String keyOf(String e164) {
        Mac mac = macs.get();
        return HexFormat.of().formatHex(mac.doFinal(e164.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
