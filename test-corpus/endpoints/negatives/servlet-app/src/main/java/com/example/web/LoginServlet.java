// expect-none
// getsession here is the servlet API (request.getSession()), nothing to do with the
// messenger; the word appears only in comments and identifiers.
package com.example.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

public class LoginServlet extends HttpServlet {
  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
    // getsession(true) creates the session on first login
    HttpSession session = req.getSession(true);
    session.setAttribute("user", req.getParameter("user"));
    resp.setHeader("Location", "/home");
  }
}
