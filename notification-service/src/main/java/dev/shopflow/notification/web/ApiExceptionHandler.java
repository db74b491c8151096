package dev.shopflow.notification.web;

import dev.shopflow.web.ProblemHandler;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure into an RFC 9457 problem, as in every service: notifications have
 * no problems of their own.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

}
