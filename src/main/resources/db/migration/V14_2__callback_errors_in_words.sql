-- lastError is read by clients: before issue 20 an attempt that got no answer stored the exception's class name
-- ('connection failed (ConnectException)') or a timeout with its settings. Say the same in the words used now.
UPDATE callback_event
   SET last_error = CASE substring(last_error FROM '^connection failed \((.*)\)$')
                        WHEN 'ConnectException' THEN 'connection refused'
                        WHEN 'HttpConnectTimeoutException' THEN 'timed out'
                        WHEN 'HttpTimeoutException' THEN 'timed out'
                        WHEN 'SocketTimeoutException' THEN 'timed out'
                        WHEN 'SSLHandshakeException' THEN 'TLS handshake failed'
                        WHEN 'SSLPeerUnverifiedException' THEN 'TLS handshake failed'
                        WHEN 'SSLException' THEN 'TLS failed'
                        WHEN 'UnknownHostException' THEN 'host not found'
                        ELSE 'connection failed'
                    END
 WHERE last_error LIKE 'connection failed (%)';

UPDATE callback_event
   SET last_error = 'timed out'
 WHERE last_error ~ '^(connect timed out after|no answer within) [0-9]+ ms$';
