// expect-none
// A servlet login: HttpSession is the web container's session, and the
// SessionManager below stores shopping-cart sessions. Not the Session messenger.
package com.example.shop.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

@WebServlet("/login")
public class LoginServlet extends HttpServlet {
    private final SessionManager sessions = new SessionManager();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String user = req.getParameter("user");
        if (user == null || user.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "missing user");
            return;
        }
        HttpSession session = req.getSession(true);
        session.setAttribute("user", user);
        session.setMaxInactiveInterval(30 * 60);
        sessions.open(session.getId(), user);
        resp.sendRedirect(req.getContextPath() + "/cart");
    }
}

/** Cart sessions keyed by the container's session id. */
class SessionManager {
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    void open(String sessionId, String user) { owners.put(sessionId, user); }

    String ownerOf(String sessionId) { return owners.get(sessionId); }

    /* Session util: nothing to do with session_util the library. */
    String describe() { return "session_" + "store"; }
}
