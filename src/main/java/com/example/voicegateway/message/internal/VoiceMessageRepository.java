package com.example.voicegateway.message.internal;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface VoiceMessageRepository extends JpaRepository<VoiceMessage, UUID>, JpaSpecificationExecutor<VoiceMessage> {

    boolean existsByClientNameAndIdempotencyKey(String clientName, String idempotencyKey);

    /** SELECT ... FOR UPDATE: for a change that must not race another writer (a cancel). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT m FROM VoiceMessage m WHERE m.id = :id")
    Optional<VoiceMessage> findByIdForUpdate(@Param("id") UUID id);
}
