package com.example.voicegateway.message;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface VoiceMessageRepository extends JpaRepository<VoiceMessage, UUID>, JpaSpecificationExecutor<VoiceMessage> {

    /** The row locked until the transaction ends (SELECT ... FOR UPDATE); pending changes are flushed first. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from VoiceMessage m where m.id = :id")
    Optional<VoiceMessage> lockById(UUID id);
}
