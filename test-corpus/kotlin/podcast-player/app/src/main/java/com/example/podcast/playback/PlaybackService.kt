// expect-none
// A media3 playback service: "session" here is a media session, and the
// SessionManager below tracks login sessions. Nothing in this file is the
// Session messenger.
package com.example.podcast.playback

import android.content.Intent
import android.os.Bundle
import androidx.media3.common.Player
import androidx.media3.exoplayer.ExoPlayer
import androidx.media3.session.MediaSession
import androidx.media3.session.MediaSessionService
import androidx.media3.session.SessionCommand
import androidx.media3.session.SessionResult
import com.google.common.util.concurrent.Futures
import com.google.common.util.concurrent.ListenableFuture

class PlaybackService : MediaSessionService() {
    private var mediaSession: MediaSession? = null
    private val sessionManager = SessionManager()

    override fun onCreate() {
        super.onCreate()
        val player = ExoPlayer.Builder(this).build()
        mediaSession = MediaSession.Builder(this, player)
            .setCallback(PodcastCallback())
            .setId("podcast_session")
            .build()
    }

    override fun onGetSession(controllerInfo: MediaSession.ControllerInfo): MediaSession? =
        mediaSession?.takeIf { sessionManager.isLoggedIn() }

    override fun onTaskRemoved(rootIntent: Intent?) {
        val player = mediaSession?.player ?: return
        if (!player.playWhenReady || player.mediaItemCount == 0 || player.playbackState == Player.STATE_ENDED) {
            stopSelf()
        }
    }

    override fun onDestroy() {
        mediaSession?.run { player.release(); release() }
        mediaSession = null
        super.onDestroy()
    }

    private inner class PodcastCallback : MediaSession.Callback {
        override fun onCustomCommand(
            session: MediaSession,
            controller: MediaSession.ControllerInfo,
            customCommand: SessionCommand,
            args: Bundle,
        ): ListenableFuture<SessionResult> {
            if (customCommand.customAction == SKIP_INTRO) {
                session.player.seekTo(INTRO_LENGTH_MS)
            }
            return Futures.immediateFuture(SessionResult(SessionResult.RESULT_SUCCESS))
        }
    }

    companion object {
        const val SKIP_INTRO = "com.example.podcast.SKIP_INTRO"
        private const val INTRO_LENGTH_MS = 30_000L
    }
}

/** Tracks the user's login session (a session token, not a messenger). */
class SessionManager {
    private var token: String? = null; private var expiresAt: Long = 0
    fun isLoggedIn(): Boolean = token != null && System.currentTimeMillis() < expiresAt
    fun startSession(newToken: String, ttlMs: Long) { token = newToken; expiresAt = System.currentTimeMillis() + ttlMs }
}
