-- Fair share of 8x8's rate between clients (quota/FairShare): each client's pass, its virtual time. A claim takes
-- the next messages from the clients with the lowest passes and advances each by claimed / weight, so the rotation
-- is the same whichever instance claims.
CREATE TABLE client_share (
    client_name text PRIMARY KEY,
    pass        double precision NOT NULL
);
