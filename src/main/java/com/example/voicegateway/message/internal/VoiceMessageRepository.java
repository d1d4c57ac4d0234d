package com.example.voicegateway.message.internal;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface VoiceMessageRepository extends JpaRepository<VoiceMessage, UUID>, JpaSpecificationExecutor<VoiceMessage> {

    boolean existsByClientNameAndIdempotencyKey(String clientName, String idempotencyKey);
}
